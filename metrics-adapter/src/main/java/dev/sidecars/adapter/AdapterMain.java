package dev.sidecars.adapter;

import dev.sidecars.common.Sidecar;

/** Entry point of the metrics-adapter image. */
public final class AdapterMain {

    private AdapterMain() {
    }

    public static void main(String[] args) {
        Sidecar.run(AdapterConfig.IMAGE, AdapterConfig::runtime, System.getenv(), (config, context) -> {
            // The image's own listeners and workers are wired here and registered with context.lifecycle().
        });
    }
}
