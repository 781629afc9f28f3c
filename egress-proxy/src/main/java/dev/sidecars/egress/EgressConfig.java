package dev.sidecars.egress;

import java.util.List;
import java.util.Map;

import dev.sidecars.common.Image;
import dev.sidecars.common.RuntimeSettings;

/** The egress-proxy image's settings: every variable is declared here, once. */
record EgressConfig(RuntimeSettings.Values runtime) {

    private static final RuntimeSettings RUNTIME = RuntimeSettings.longRunning("EGRESS_", "0.0.0.0:9902");

    static final Image<EgressConfig> IMAGE = new Image<>("egress-proxy", "EGRESS_", RUNTIME, List.of(),
            env -> new EgressConfig(RUNTIME.read(env)));

    static EgressConfig fromEnv(Map<String, String> env) {
        return IMAGE.load(env);
    }
}
