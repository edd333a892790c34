package io.crosscheck.database;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import org.hibernate.Session;

import java.sql.Connection;
import java.util.function.Function;

/**
 * One request's state for {@link ReadDatabase}: whether it is a report, and the read-database session it uses outside
 * a transaction (autocommit), closed when the request ends.
 */
@RequestScoped
class ReportRequest {

    boolean report;
    private Session loose;
    private Connection looseConnection;

    Session loose(Function<Connection, Session> open, ReadDatabase reads) {
        if (loose == null) {
            looseConnection = reads.connection(true);
            loose = open.apply(looseConnection);
        }
        return loose;
    }

    @PreDestroy
    void close() {
        if (loose != null) {
            ReadDatabase.end(loose, looseConnection, true);
        }
    }
}
