package dev.sidecars.configinit;

import java.util.HashMap;
import java.util.Map;

import dev.sidecars.common.Startup;

/** Entry point of the config-init image, an init container: it runs to completion. */
public final class ConfigInitMain {

    private ConfigInitMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String arg : args) {
            if (arg.equals("--dry-run")) {
                env.put(ConfigInitConfig.DRY_RUN.name(), "true");
            }
        }
        ConfigInitConfig config = Startup.loadOrExit(ConfigInitConfig.IMAGE, env);
        System.exit(new ConfigInit(config, env, System.out).run());
    }
}
