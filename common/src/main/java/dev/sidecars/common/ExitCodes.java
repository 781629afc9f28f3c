package dev.sidecars.common;

/** Exit statuses, distinct so that `kubectl describe pod` alone tells a config error from a crash. */
public final class ExitCodes {

    private ExitCodes() {
    }

    /** Clean exit, including after a drained SIGTERM. */
    public static final int OK = 0;
    /** An unexpected failure. */
    public static final int FAILURE = 1;
    /** Start-up failed: a port could not be bound, a required file could not be read (sysexits EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;
    /** The environment is invalid; every problem was printed (sysexits EX_CONFIG). */
    public static final int CONFIG = 78;
}
