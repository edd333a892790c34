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

    private boolean report;
    /** How many {@link ReadDatabase#primary} calls are under way: their reads and writes go to the primary. */
    private int onPrimary;
    private Session loose;
    private Connection looseConnection;

    // Methods, never fields: the caller holds a client proxy, and only method calls reach this request's instance.
    void markReport() {
        report = true;
    }

    boolean isReport() {
        return report && onPrimary == 0;
    }

    void enterPrimary() {
        onPrimary++;
    }

    void leavePrimary() {
        onPrimary--;
    }

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
