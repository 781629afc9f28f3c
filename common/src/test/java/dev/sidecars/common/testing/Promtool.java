package dev.sidecars.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Test helper: checks a Prometheus exposition with the real {@code promtool check metrics}
 * (Debian package {@code prometheus}), which also lints names, units and help texts. Where promtool
 * is missing the calling test is skipped, except under {@code CI=true}, where it fails.
 */
public final class Promtool {

    private static final Path DEFAULT = Path.of("/usr/bin/promtool");

    private Promtool() {
    }

    /** The promtool binary: {@code $PROMTOOL}, then {@code /usr/bin/promtool}, then the {@code PATH}. */
    public static Path binary() {
        String configured = System.getenv("PROMTOOL");
        if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        if (Files.isExecutable(DEFAULT)) {
            return DEFAULT;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir, "promtool");
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String message = "promtool not found (install the Debian package `prometheus`, or set PROMTOOL)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + "; CI=true, so this test must not be skipped");
        }
        Assumptions.abort(message + "; skipping the promtool check");
        throw new AssertionError("not reached");
    }

    /** Asserts that {@code promtool check metrics} accepts the exposition with no lint problem at all. */
    public static void assertValid(String exposition) {
        Path promtool = binary();
        Path file = null;
        try {
            file = Files.createTempFile("metrics-", ".txt");
            Files.writeString(file, exposition, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(file.toFile())
                    .redirectErrorStream(true)
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("promtool check metrics did not finish within 30 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("", output.strip(), "promtool check metrics reported problems (exit " + process.exitValue()
                    + ") for:\n" + exposition);
            assertEquals(0, process.exitValue(), "promtool check metrics failed");
        } catch (IOException e) {
            throw new AssertionError("cannot run " + promtool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running promtool", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
