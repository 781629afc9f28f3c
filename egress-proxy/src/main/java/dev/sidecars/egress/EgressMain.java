package dev.sidecars.egress;

import dev.sidecars.common.Sidecar;
import dev.sidecars.common.admin.CheckResult;

/** Entry point of the egress-proxy image. */
public final class EgressMain {

    private EgressMain() {
    }

    public static void main(String[] args) {
        Sidecar.run(EgressConfig.IMAGE, EgressConfig::runtime, System.getenv(), (config, context) -> {
            EgressServer server = EgressServer.start(config, context.registry());
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("decision-log-flush").unstarted(server::flushDecisions));
            context.lifecycle().register(server);
            context.readiness().register("listener", () -> server.isListening()
                    ? CheckResult.passed() : CheckResult.failed("the proxy listener is closed"));
        });
    }
}
