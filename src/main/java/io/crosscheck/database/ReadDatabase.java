package io.crosscheck.database;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where report reads go: the one place that chooses between the primary and the read database ({@code DB_READ_URL},
 * a PostgreSQL streaming replica; docs/database.md). Report code takes its connection from {@link #dataSource()} or
 * its Hibernate session from {@link #session(EntityManager)} instead of injecting its own.
 *
 * <p>Both answer the read database only inside the request of a {@link ReportRead} endpoint, and only when
 * {@code DB_READ_URL} is set; everywhere else (every write, the reads a write makes, escalation after a submit,
 * adjudication pages that show what was just saved, background work) they answer the primary's, exactly what the
 * code injected before. So code shared by reports and writes (work/SubmittedWork) reads the replica for the one and
 * the primary for the other, and with {@code DB_READ_URL} unset nothing changes at all.
 *
 * <p>The read datasource is outside JTA ({@code jdbc.transactions=disabled}): a report's transaction never enlists two
 * databases. A replica session opened inside a JTA transaction runs one replica transaction (autocommit off) that ends
 * with it, so "set transaction isolation level repeatable read, read only" works there as on the primary; one opened
 * outside a transaction runs in autocommit and is closed when the request ends.
 */
@ApplicationScoped
public class ReadDatabase {

    private static final Logger LOG = Logger.getLogger(ReadDatabase.class);
    /** The replica session of the current JTA transaction, in the transaction's resources. */
    private static final Object SESSION_KEY = new Object();

    @Inject
    AgroalDataSource primary;

    /** Inactive (Quarkus deactivates a datasource without a URL) when DB_READ_URL is unset. */
    @Inject
    @DataSource("read")
    InjectableInstance<AgroalDataSource> read;

    @Inject
    SessionFactory sessions;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    ReportRequest request;

    /** Fixed at start (whether the read datasource has a URL); asked on every report query, so kept. */
    private volatile Boolean separate;

    /** Whether reports read a database of their own (DB_READ_URL is set). */
    public boolean separate() {
        Boolean known = separate;
        if (known == null) {
            known = read.isResolvable() && read.getHandle().getBean().isActive();
            separate = known;
        }
        return known;
    }

    /**
     * Marks the rest of the current request as a report, as {@link ReportRead} does for an endpoint; for report work
     * that runs in a request context of its own (an export job). Nothing happens without an active request context.
     */
    public void startReport() {
        if (Arc.container().requestContext().isActive()) {
            request.markReport();
        }
    }

    /** Whether this call reads the read database: a report request, and a read database configured. */
    public boolean reading() {
        return separate() && Arc.container().requestContext().isActive() && request.isReport();
    }

    /**
     * Runs {@code work} on the primary even inside a report request: for what a report must write or read fresh (the
     * review queue's lazy rebuild of stored figures; writes never go to the replica, which refuses them).
     */
    public <T> T primary(java.util.function.Supplier<T> work) {
        if (!Arc.container().requestContext().isActive()) {
            return work.get();
        }
        request.enterPrimary();
        try {
            return work.get();
        } finally {
            request.leavePrimary();
        }
    }

    /** The datasource of this call's reads: the read database in a report request, the primary otherwise. */
    public javax.sql.DataSource dataSource() {
        return reading() ? read.get() : primary;
    }

    /**
     * The Hibernate session for this call's native queries: {@code primary}'s own outside a report request (or without
     * a read database), otherwise a session on a read-database connection, one per JTA transaction.
     */
    public Session session(EntityManager primary) {
        if (!reading()) {
            return primary.unwrap(Session.class);
        }
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return request.loose(this::open, this);
        }
        Session current = (Session) transactions.getResource(SESSION_KEY);
        if (current != null) {
            return current;
        }
        Connection c = connection(false);
        Session session = open(c);
        transactions.putResource(SESSION_KEY, session);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to flush: the session only reads
            }

            @Override
            public void afterCompletion(int status) {
                end(session, c, status == Status.STATUS_COMMITTED);
            }
        });
        return session;
    }

    /** A read-database connection, autocommit as asked, read-only. */
    Connection connection(boolean autoCommit) {
        try {
            Connection c = read.get().getConnection();
            c.setAutoCommit(autoCommit);
            c.setReadOnly(true);
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("the read database (DB_READ_URL) gave no connection", e);
        }
    }

    /**
     * A session on a connection of ours: never joins JTA (its transaction is the connection's), never flushes (it
     * holds no entities, only native queries run on it).
     */
    private Session open(Connection c) {
        return sessions.withOptions().connection(c).autoJoinTransactions(false).flushMode(FlushMode.MANUAL)
                .openSession();
    }

    static void end(Session session, Connection c, boolean commit) {
        try {
            session.close();
        } finally {
            try {
                if (!c.getAutoCommit()) {
                    if (commit) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                    c.setAutoCommit(true);
                }
                c.setReadOnly(false);
            } catch (SQLException e) {
                LOG.warn("ending a read-database transaction failed", e);
            } finally {
                try {
                    c.close();
                } catch (SQLException e) {
                    LOG.warn("returning a read-database connection failed", e);
                }
            }
        }
    }
}
