package dev.sidecars.ambassador;

import dev.sidecars.common.Sidecar;

/** Entry point of the tls-ambassador image. */
public final class AmbassadorMain {

    private AmbassadorMain() {
    }

    public static void main(String[] args) {
        Sidecar.run(AmbassadorConfig.IMAGE, AmbassadorConfig::runtime, System.getenv(), (config, context) -> {
            AmbassadorServer server = AmbassadorServer.start(config, context.registry());
            context.lifecycle().register(server);
            if (config.readyRequiresTarget()) {
                context.readiness().register("target", server.probe()::result);
            }
        });
    }
}
