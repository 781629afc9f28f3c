package dev.sidecars.common;

/**
 * Every exit status of the family, in one place: distinct (sysexits where one fits), so that
 * {@code kubectl describe pod} alone tells a config error from a crash. Each image's doc lists the
 * ones it uses.
 */
public final class ExitCodes {

    private ExitCodes() {
    }

    /** Clean exit, including after a drained SIGTERM. */
    public static final int OK = 0;
    /** An unexpected failure. */
    public static final int FAILURE = 1;
    /** The family's executable was not told which image to run (EX_USAGE). */
    public static final int USAGE = 64;
    /** config-init: an input file is malformed, a placeholder is unresolved, a type conflicts (EX_DATAERR). */
    public static final int INPUT = 65;
    /** Start-up failed: a port could not be bound, a required file could not be read (EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;
    /** config-init: the output could not be written (EX_CANTCREAT). */
    public static final int CANNOT_WRITE = 73;
    /** log-tailer: stdout cannot be written; offsets were saved, so a restart goes on where it stopped (EX_IOERR). */
    public static final int STDOUT_FAILED = 74;
    /** config-init: a dependency did not come up before CONFIG_INIT_WAIT_TIMEOUT (EX_TEMPFAIL). */
    public static final int WAIT_TIMEOUT = 75;
    /** The environment is invalid; every problem was printed (EX_CONFIG). */
    public static final int CONFIG = 78;
}
