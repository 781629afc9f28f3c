package dev.sidecars.common.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs a real command-line client (curl, openssl) and returns its exit status and output. */
public final class Cli {

    public record Result(int status, String output) {
    }

    private Cli() {
    }

    /** The tool's path; skips the test where it is missing, fails under {@code CI=true}. */
    public static String require(String tool, String debianPackage) {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return dir + "/" + tool;
            }
        }
        String message = tool + " not found (install the Debian package `" + debianPackage + "`)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + "; CI=true, so this test must not be skipped");
        }
        Assumptions.abort(message);
        throw new AssertionError("not reached");
    }

    public static Result run(byte[] stdin, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread.ofPlatform().daemon().start(() -> {
                try (var out = p.getOutputStream()) {
                    out.write(stdin);
                } catch (IOException ignored) {
                    // the tool may exit before reading it all
                }
            });
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + List.of(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Result curl(String... args) {
        List<String> command = new ArrayList<>(List.of(require("curl", "curl"), "-sS", "--max-time", "20"));
        command.addAll(List.of(args));
        return run(new byte[0], command.toArray(String[]::new));
    }
}
