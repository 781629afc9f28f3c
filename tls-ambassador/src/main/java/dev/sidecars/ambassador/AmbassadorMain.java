package dev.sidecars.ambassador;

import dev.sidecars.common.Sidecar;

/** Entry point of the tls-ambassador image. */
public final class AmbassadorMain {

    private AmbassadorMain() {
    }

    public static void main(String[] args) {
        Sidecar.run(AmbassadorConfig.IMAGE, AmbassadorConfig::runtime, System.getenv(), (config, context) -> {
            // The image's own listeners and workers are wired here and registered with context.lifecycle().
        });
    }
}
