package dev.sidecars.configinit;

import java.util.List;
import java.util.Map;

import dev.sidecars.common.Image;
import dev.sidecars.common.RuntimeSettings;

/** The config-init image's settings: every variable is declared here, once. */
record ConfigInitConfig(RuntimeSettings.Values runtime) {

    private static final RuntimeSettings RUNTIME = RuntimeSettings.runToCompletion("CONFIG_INIT_");

    static final Image<ConfigInitConfig> IMAGE = new Image<>("config-init", "CONFIG_INIT_", RUNTIME, List.of(),
            env -> new ConfigInitConfig(RUNTIME.read(env)));

    static ConfigInitConfig fromEnv(Map<String, String> env) {
        return IMAGE.load(env);
    }
}
