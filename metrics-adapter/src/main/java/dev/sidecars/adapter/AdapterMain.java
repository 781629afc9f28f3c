package dev.sidecars.adapter;

import dev.sidecars.common.Sidecar;
import dev.sidecars.common.admin.CheckResult;
import dev.sidecars.common.log.Log;

/** Entry point of the metrics-adapter image. */
public final class AdapterMain {

    private static final Log log = Log.get(AdapterMain.class);

    private AdapterMain() {
    }

    public static void main(String[] args) {
        Sidecar.run(AdapterConfig.IMAGE, AdapterConfig::runtime, System.getenv(), (config, context) -> {
            if (config.servesNothing()) {
                log.warn("no endpoint configured: set ADAPTER_HEALTH_CHECK, ADAPTER_FORWARD, ADAPTER_JSON_URL, ADAPTER_PROM_URL, ADAPTER_APP_LOG, ADAPTER_STATIC_PATH or ADAPTER_CONFIG_FILE");
            }
            Adapter adapter = Adapter.start(config, context.vertx(), context.registry());
            context.lifecycle().register(adapter.server());
            context.readiness().register("listener", () -> adapter.server().isListening()
                    ? CheckResult.passed() : CheckResult.failed("listener not bound"));
        });
    }
}
