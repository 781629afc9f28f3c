package dev.sidecars.ambassador;

import java.util.List;
import java.util.Map;

import dev.sidecars.common.Image;
import dev.sidecars.common.RuntimeSettings;

/** The tls-ambassador image's settings: every variable is declared here, once. */
record AmbassadorConfig(RuntimeSettings.Values runtime) {

    private static final RuntimeSettings RUNTIME = RuntimeSettings.longRunning("AMBASSADOR_", "0.0.0.0:9901");

    static final Image<AmbassadorConfig> IMAGE = new Image<>("tls-ambassador", "AMBASSADOR_", RUNTIME, List.of(),
            env -> new AmbassadorConfig(RUNTIME.read(env)));

    static AmbassadorConfig fromEnv(Map<String, String> env) {
        return IMAGE.load(env);
    }
}
