package dev.sidecars.common.log;

/** The one-line reason a log line or an error message gives for an exception. */
public final class Reasons {

    private Reasons() {
    }

    /** The exception's message, or its class's simple name where it has none (never the text "null"). */
    public static String of(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
