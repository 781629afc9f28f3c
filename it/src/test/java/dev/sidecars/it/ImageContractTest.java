package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import dev.sidecars.common.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What every image promises, checked on the real image pulled from the registry. */
@ExtendWith(RequiresDocker.class)
class ImageContractTest {

    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path scratch;

    static java.util.List<Images> longRunning() {
        return Images.longRunning();
    }

    @ParameterizedTest
    @MethodSource("longRunning")
    void shouldRunAsNonRootAndServeAdminEndpoints(Images image) throws Exception {
        try (PodContainer c = new PodContainer(image.artifact, image.reference());
             MinimalSetup setup = MinimalSetup.apply(image, c, scratch)) {
            c.env(image.prefix + "ADMIN_LISTEN", "127.0.0.1:" + image.adminPort);
            c.start();
            HttpResponse<String> health = c.awaitHttpOk(image.adminPort, "/healthz", START);
            assertTrue(health.body().contains("\"ok\""), health.body());

            assertEquals("65532:65532", c.inspect().getConfig().getUser());
            assertEquals("65532\t65532\t65532\t65532", c.processUid(), "real, effective, saved and fs uid");

            HttpResponse<String> ready = c.awaitHttpOk(image.adminPort, "/readyz", START);
            assertTrue(ready.body().contains("\"ready\""), ready.body());

            HttpResponse<String> metrics = PodContainer.get(image.adminPort, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("sidecar_info{image=\"" + image.artifact + "\""), metrics.body());
            Promtool.assertValid(metrics.body());

            String stderr = c.stderr();
            assertTrue(stderr.contains("\"message\":\"starting " + image.artifact + "\""), stderr);
            assertFalse(c.stdout().contains("\"level\""), "diagnostics must not go to stdout");
        }
    }

    @ParameterizedTest
    @EnumSource(Images.class)
    void shouldExitWithEveryConfigErrorAtOnce(Images image) throws Exception {
        try (PodContainer c = new PodContainer(image.artifact, image.reference())) {
            c.env(image.prefix + "LOG_LEVEL", "chatty").env(image.prefix + "LOG_FORMAT", "yaml")
                    .env(image.prefix + "LOG_LEVLE", "debug");
            c.start();
            assertEquals(78, c.awaitExit(START), c.logs());
            String logs = c.logs();
            assertTrue(logs.contains(image.prefix + "LOG_LEVEL: \\\"chatty\\\" is not a known value (expected: one of error, warn, info, debug, trace)"), logs);
            assertTrue(logs.contains(image.prefix + "LOG_FORMAT: \\\"yaml\\\""), logs);
            assertTrue(logs.contains("did you mean " + image.prefix + "LOG_LEVEL?"), logs);
            assertFalse(logs.contains("\\tat "), "no stack trace for a config error:\n" + logs);
        }
    }

    @ParameterizedTest
    @MethodSource("longRunning")
    void shouldDrainAndExitZeroOnSigterm(Images image) throws Exception {
        try (PodContainer c = new PodContainer(image.artifact, image.reference());
             MinimalSetup setup = MinimalSetup.apply(image, c, scratch)) {
            c.env(image.prefix + "ADMIN_LISTEN", "127.0.0.1:" + image.adminPort).env(image.prefix + "DRAIN_TIMEOUT", "5s");
            c.start();
            c.awaitHttpOk(image.adminPort, "/readyz", START);
            long started = System.nanoTime();
            c.kill("SIGTERM");
            assertEquals(0, c.awaitExit(Duration.ofSeconds(10)), c.logs());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "exit took " + took + ", beyond the 5s drain deadline");
            assertTrue(c.logs().contains("received SIGTERM, draining"), c.logs());
        }
    }

    @Test
    void shouldRunConfigInitToCompletionAsNonRoot() throws Exception {
        try (PodContainer c = new PodContainer("config-init", Images.CONFIG_INIT.reference())) {
            c.start();
            assertEquals(0, c.awaitExit(START), c.logs());
            assertEquals("65532:65532", c.inspect().getConfig().getUser());
            assertTrue(c.logs().contains("\"message\":\"starting config-init\""), c.logs());
        }
    }

}
