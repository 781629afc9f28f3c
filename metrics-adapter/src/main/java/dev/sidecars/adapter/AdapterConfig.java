package dev.sidecars.adapter;

import java.util.List;
import java.util.Map;

import dev.sidecars.common.Image;
import dev.sidecars.common.RuntimeSettings;

/** The metrics-adapter image's settings: every variable is declared here, once. */
record AdapterConfig(RuntimeSettings.Values runtime) {

    private static final RuntimeSettings RUNTIME = RuntimeSettings.longRunning("ADAPTER_", "0.0.0.0:9904");

    static final Image<AdapterConfig> IMAGE = new Image<>("metrics-adapter", "ADAPTER_", RUNTIME, List.of(),
            env -> new AdapterConfig(RUNTIME.read(env)));

    static AdapterConfig fromEnv(Map<String, String> env) {
        return IMAGE.load(env);
    }
}
