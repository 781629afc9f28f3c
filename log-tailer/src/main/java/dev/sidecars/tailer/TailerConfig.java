package dev.sidecars.tailer;

import java.util.List;
import java.util.Map;

import dev.sidecars.common.Image;
import dev.sidecars.common.RuntimeSettings;

/** The log-tailer image's settings: every variable is declared here, once. */
record TailerConfig(RuntimeSettings.Values runtime) {

    private static final RuntimeSettings RUNTIME = RuntimeSettings.longRunning("TAILER_", "0.0.0.0:9903");

    static final Image<TailerConfig> IMAGE = new Image<>("log-tailer", "TAILER_", RUNTIME, List.of(),
            env -> new TailerConfig(RUNTIME.read(env)));

    static TailerConfig fromEnv(Map<String, String> env) {
        return IMAGE.load(env);
    }
}
