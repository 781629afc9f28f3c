package dev.sidecars.egress;

import dev.sidecars.common.Sidecar;

/** Entry point of the egress-proxy image. */
public final class EgressMain {

    private EgressMain() {
    }

    public static void main(String[] args) {
        Sidecar.run(EgressConfig.IMAGE, EgressConfig::runtime, System.getenv(), (config, context) -> {
            // The image's own listeners and workers are wired here and registered with context.lifecycle().
        });
    }
}
