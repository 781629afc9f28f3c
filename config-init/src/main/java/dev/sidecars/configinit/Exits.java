package dev.sidecars.configinit;

import dev.sidecars.common.ExitCodes;

/** config-init's exit statuses (sysexits), one per kind of failure, as the README documents. */
final class Exits {

    private Exits() {
    }

    static final int OK = ExitCodes.OK;
    /** An input file is malformed, a placeholder is unresolved, a type conflicts (EX_DATAERR). */
    static final int INPUT = 65;
    /** The output could not be written (EX_CANTCREAT). */
    static final int WRITE = 73;
    /** A dependency did not come up before CONFIG_INIT_WAIT_TIMEOUT (EX_TEMPFAIL). */
    static final int WAIT_TIMEOUT = 75;
    /** An environment variable of config-init itself is invalid (EX_CONFIG). */
    static final int CONFIG = ExitCodes.CONFIG;
}
