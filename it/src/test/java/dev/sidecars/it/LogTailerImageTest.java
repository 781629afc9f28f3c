package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import dev.sidecars.common.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The log-tailer image in a pod: the "app" (this test process) writes numbered lines into an
 * emptyDir and rotates the file; the tailer container follows the volume read-only, and its stdout,
 * what {@code kubectl logs} shows, must hold every line exactly once and in order.
 */
@ExtendWith(RequiresDocker.class)
class LogTailerImageTest {

    private static final int LINES = 20_000;
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void shouldWriteEveryLineOfARotatedFileToStdoutExactlyOnce() throws Exception {
        try (Pod pod = new Pod("log-tailer")) {
            Path logs = pod.emptyDir("logs");
            Path state = pod.emptyDir("state");
            PodContainer tailer = pod.container("logs", Images.LOG_TAILER)
                    .env("TAILER_PATHS", "/logs/app.log")
                    .env("TAILER_STATE_DIR", "/state")
                    .env("TAILER_ROTATE_WAIT", "1s")
                    .env("TAILER_ADMIN_LISTEN", "127.0.0.1:" + Images.LOG_TAILER.adminPort)
                    .mount(logs, "/logs", true)
                    .mount(state, "/state", false);
            pod.start(START);
            tailer.awaitHttpOk(Images.LOG_TAILER.adminPort, "/readyz", START);

            Path app = logs.resolve("app.log");
            for (int i = 0; i < LINES; i += 1000) {
                StringBuilder sb = new StringBuilder();
                for (int n = i; n < i + 1000; n++) {
                    sb.append("line ").append(n).append('\n');
                }
                Files.writeString(app, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (i % 5000 == 4000) {
                    Files.move(app, logs.resolve("app.log." + i)); // rename rotation, as logrotate's create
                }
                Thread.sleep(50); // a steady app: each file lives 250 ms, far shorter than any real rotation

            }
            List<String> lines = awaitLines(tailer, LINES);

            HttpResponse<String> metrics = PodContainer.get(Images.LOG_TAILER.adminPort, "/metrics");
            assertTrue(metrics.body().contains("tailer_lines_total{file=\"/logs/app.log\"} " + LINES + ".0"),
                    metrics.body());
            assertTrue(metrics.body().contains("tailer_rotations_total{file=\"/logs/app.log\"} 3.0"), metrics.body());
            Promtool.assertValid(metrics.body());

            tailer.kill("SIGTERM");
            assertEquals(0, tailer.awaitExit(Duration.ofSeconds(20)), tailer.stderr());
            lines = stdoutLines(tailer);
            for (int i = 0; i < LINES; i++) {
                if (!lines.get(i).equals("line " + i)) {
                    fail("stdout line " + i + " is \"" + lines.get(i) + "\"");
                }
            }
            assertEquals(LINES, lines.size(), "nothing twice");
            assertTrue(Files.readString(state.resolve("offsets.tsv")).contains("/logs/app.log"),
                    "offsets saved in the state volume");
            assertTrue(tailer.stderr().contains("\"message\":\"follower stopped, offsets saved\""), tailer.stderr());
        }
    }

    private static List<String> awaitLines(PodContainer c, int n) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = stdoutLines(c);
            if (lines.size() >= n) {
                return lines;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stdout has " + lines.size() + " of " + n + " lines; stderr:\n" + c.stderr());
    }

    private static List<String> stdoutLines(PodContainer c) {
        String out = c.stdout();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
