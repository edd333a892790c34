package io.crosscheck.export;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one way exports read: a dedicated connection in one read-only REPEATABLE READ transaction (every cursor sees
 * one snapshot), autocommit off so the driver fetches in batches from server-side portals; rolled back on failure,
 * and the connection's settings restored before it goes back to the pool.
 */
final class Snapshot {

    interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private Snapshot() {
    }

    static <T> T read(DataSource dataSource, Work<T> work) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setReadOnly(false);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        }
    }
}
