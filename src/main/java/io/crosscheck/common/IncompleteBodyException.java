package io.crosscheck.common;

import java.io.IOException;

/**
 * The request body ended before it was complete: the client closed the connection, the chunked body was cut, or
 * fewer bytes came than Content-Length declared. Checked, like the IOException it wraps, so an import that meets it
 * must roll back (its transaction rolls back on any exception); answered 400 problem+json if the client still listens.
 */
public class IncompleteBodyException extends IOException {

    public IncompleteBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
