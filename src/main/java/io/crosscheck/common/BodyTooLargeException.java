package io.crosscheck.common;

import java.io.IOException;

/**
 * A request body ran past its endpoint's limit while it was read. An IOException on purpose: it is thrown from inside
 * whatever reads the body, and Jackson passes IOExceptions on as they are (it would wrap a runtime exception into a
 * 400 mapping error); an import's transaction rolls back on it. Answered 413 problem+json.
 */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(String message) {
        super(message);
    }
}
