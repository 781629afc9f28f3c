package dev.sidecars.common;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.env.Image;
import dev.sidecars.common.env.RuntimeSettings;
import dev.sidecars.common.env.ValueTypes;
import dev.sidecars.common.log.Log;

/**
 * A minimal long-running "image" for {@link LifecycleProcessTest}: the real {@link Sidecar#run}
 * skeleton, plus one {@link Drainable} whose in-flight work takes {@code -Ddemo.work} (a duration,
 * default {@code 0s}) to finish after SIGTERM.
 */
public final class LifecycleDemoMain {

    static final String PREFIX = "DEMO_";
    static final RuntimeSettings RUNTIME = RuntimeSettings.longRunning(PREFIX, "127.0.0.1:9900");

    record Config(RuntimeSettings.Values runtime) {
    }

    static final Image<Config> IMAGE = new Image<>("demo", PREFIX, RUNTIME, List.of(), env -> new Config(RUNTIME.read(env)));

    private static final Log log = Log.get(LifecycleDemoMain.class);

    private LifecycleDemoMain() {
    }

    public static void main(String[] args) {
        Duration work = ValueTypes.parseDuration(System.getProperty("demo.work", "0s"));
        Sidecar.run(IMAGE, Config::runtime, System.getenv(), (config, context) -> context.lifecycle().register(new Drainable() {
            @Override
            public String name() {
                return "demo worker";
            }

            @Override
            public CompletionStage<Void> drain() {
                log.info("finishing in-flight work", "workMs", work.toMillis());
                CompletableFuture<Void> done = new CompletableFuture<>();
                done.completeOnTimeout(null, work.toMillis(), TimeUnit.MILLISECONDS);
                return done.thenRun(() -> log.info("in-flight work finished"));
            }

            @Override
            public void forceClose() {
                log.warn("in-flight work cut off");
            }
        }));
    }
}
