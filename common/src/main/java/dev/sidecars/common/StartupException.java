package dev.sidecars.common;

/** Start-up cannot go on (a port is taken, a file is missing): the message says why, no stack trace. */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message, null, false, false);
    }
}
