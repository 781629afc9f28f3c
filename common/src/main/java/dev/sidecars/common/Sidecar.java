package dev.sidecars.common;

import java.util.Map;
import java.util.function.Function;

import dev.sidecars.common.admin.AdminServer;
import dev.sidecars.common.admin.Metrics;
import dev.sidecars.common.admin.Readiness;
import dev.sidecars.common.env.Image;
import dev.sidecars.common.env.RuntimeSettings;
import dev.sidecars.common.log.Log;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * The skeleton of a long-running image's {@code main}: load the config (or exit 78), serve the admin
 * endpoints, let the image wire its own work, mark ready, and on SIGTERM drain and exit 0.
 */
public final class Sidecar {

    private static final Log log = Log.get(Sidecar.class);

    /** What an image's wiring receives: the shared pieces it registers its meters, checks and listeners with. */
    public record Context(Vertx vertx, MeterRegistry registry, Readiness readiness, Lifecycle lifecycle) {
    }

    /** The image's own wiring. Throw {@link StartupException} for a clear start-up failure. */
    @FunctionalInterface
    public interface Wiring<C> {
        void start(C config, Context context) throws Exception;
    }

    private Sidecar() {
    }

    public static <C> void run(Image<C> image, Function<C, RuntimeSettings.Values> runtimeOf,
                               Map<String, String> env, Wiring<C> wiring) {
        C config = Startup.loadOrExit(image, env);
        RuntimeSettings.Values runtime = runtimeOf.apply(config);
        int status;
        try {
            status = runUntilStopped(image.name(), config, runtime, wiring);
        } catch (StartupException e) {
            log.error(image.name() + " cannot start: " + e.getMessage());
            status = ExitCodes.UNAVAILABLE;
        } catch (Exception e) {
            log.error(image.name() + " failed", e);
            status = ExitCodes.FAILURE;
        }
        System.exit(status);
    }

    private static <C> int runUntilStopped(String name, C config, RuntimeSettings.Values runtime, Wiring<C> wiring)
            throws Exception {
        Readiness readiness = new Readiness();
        Lifecycle lifecycle = new Lifecycle(readiness, runtime.drainTimeout());
        lifecycle.installSignalHandlers();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2)
                // No class-path file cache: it needs a writable /tmp/vertx-cache, and pods run with a
                // read-only root file system; nothing here serves files from the class path.
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false)));
        try (Metrics metrics = new Metrics(name, Startup.version());
             AdminServer admin = new AdminServer(vertx, metrics.registry(), readiness).start(runtime.adminListen())) {
            wiring.start(config, new Context(vertx, metrics.registry(), readiness, lifecycle));
            readiness.markStarted();
            log.info(name + " ready");
            return lifecycle.awaitStopAndDrain();
        } finally {
            vertx.close();
        }
    }
}
