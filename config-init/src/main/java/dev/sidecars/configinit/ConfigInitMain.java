package dev.sidecars.configinit;

import dev.sidecars.common.ExitCodes;
import dev.sidecars.common.Log;
import dev.sidecars.common.Startup;

/** Entry point of the config-init image, an init container: it runs to completion. */
public final class ConfigInitMain {

    private static final Log log = Log.get(ConfigInitMain.class);

    private ConfigInitMain() {
    }

    public static void main(String[] args) {
        Startup.loadOrExit(ConfigInitConfig.IMAGE, System.getenv());
        log.info("configuration is valid; nothing else to do");
        System.exit(ExitCodes.OK);
    }
}
