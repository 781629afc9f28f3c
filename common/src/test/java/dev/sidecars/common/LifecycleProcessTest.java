package dev.sidecars.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle tested with a real process: {@link LifecycleDemoMain} in its own JVM, stopped with real signals. */
class LifecycleProcessTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    private Path stderr;

    @AfterEach
    void killProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private Process start(Map<String, String> env, String work) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow(() -> new AssertionError("cannot find the java binary"));
        List<String> command = List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "-Ddemo.work=" + work, LifecycleDemoMain.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith(LifecycleDemoMain.PREFIX));
        builder.environment().putAll(env);
        stderr = dir.resolve("stderr-" + processes.size() + ".log");
        builder.redirectError(stderr.toFile()).redirectOutput(dir.resolve("stdout-" + processes.size() + ".log").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> readyz(int port) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void awaitReady(Process process, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the demo exited " + process.exitValue() + " before becoming ready:\n" + stderr());
            }
            HttpResponse<String> response = readyz(port);
            if (response != null && response.statusCode() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the demo did not become ready within " + START_TIMEOUT.toSeconds() + " s:\n" + stderr());
    }

    /** Polls /readyz until it answers 503 naming the "draining" check. */
    private void awaitDrainingReported(int port, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = readyz(port);
            if (response != null && response.statusCode() == 503 && response.body().contains("\"draining\"")) {
                return;
            }
            Thread.sleep(20);
        }
        fail("/readyz did not report draining within " + within.toMillis() + " ms:\n" + stderr());
    }

    private int awaitExit(Process process, Duration within) throws IOException, InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the demo did not exit within " + within.toSeconds() + " s:\n" + stderr());
        }
        return process.exitValue();
    }

    private void assertNoStackTrace(String output) {
        assertFalse(output.contains("\tat "), output);
        assertFalse(output.contains("\\tat "), output);
        assertFalse(output.contains("\"stack\""), output);
    }

    @Test
    void shouldReportNotReadyWhileDrainingThenExitZeroWhenWorkIsDone() throws Exception {
        int port = freePort();
        Process process = start(Map.of("DEMO_ADMIN_LISTEN", "127.0.0.1:" + port, "DEMO_DRAIN_TIMEOUT", "15s"), "3s");
        awaitReady(process, port);
        long signalled = System.nanoTime();
        process.destroy(); // SIGTERM
        awaitDrainingReported(port, Duration.ofMillis(2500));
        assertEquals(ExitCodes.OK, awaitExit(process, Duration.ofSeconds(15)), stderr());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
        assertTrue(tookMs >= 2900, "exited after " + tookMs + " ms, before the in-flight work was done");
        assertTrue(tookMs < 10_000, "exited after " + tookMs + " ms, the work takes 3 s");
        String output = stderr();
        assertTrue(output.contains("received SIGTERM, draining"), output);
        assertTrue(output.contains("in-flight work finished"), output);
        assertFalse(output.contains("in-flight work cut off"), output);
        assertNoStackTrace(output);
    }

    @Test
    void shouldExitZeroAtDrainDeadlineWhenWorkTakesLonger() throws Exception {
        int port = freePort();
        Process process = start(Map.of("DEMO_ADMIN_LISTEN", "127.0.0.1:" + port, "DEMO_DRAIN_TIMEOUT", "2s"), "60s");
        awaitReady(process, port);
        long signalled = System.nanoTime();
        process.destroy();
        assertEquals(ExitCodes.OK, awaitExit(process, Duration.ofSeconds(20)), stderr());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
        assertTrue(tookMs >= 1900, "exited after " + tookMs + " ms, before the 2 s deadline");
        assertTrue(tookMs < 2000 + 5000, "exited after " + tookMs + " ms, long after the 2 s deadline");
        String output = stderr();
        assertTrue(output.contains("drain deadline reached"), output);
        assertTrue(output.contains("in-flight work cut off"), output);
        assertNoStackTrace(output);
    }

    @Test
    void shouldExitAtOnceOnSecondSigterm() throws Exception {
        int port = freePort();
        Process process = start(Map.of("DEMO_ADMIN_LISTEN", "127.0.0.1:" + port, "DEMO_DRAIN_TIMEOUT", "60s"), "60s");
        awaitReady(process, port);
        process.destroy();
        awaitDrainingReported(port, Duration.ofSeconds(5));
        long second = System.nanoTime();
        process.destroy();
        assertEquals(128 + 15, awaitExit(process, Duration.ofSeconds(10)), stderr());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - second);
        assertTrue(tookMs < 5000, "took " + tookMs + " ms after the second SIGTERM");
        assertTrue(stderr().contains("received SIGTERM again, exiting without waiting for the drain"), stderr());
    }

    @Test
    void shouldExit78NamingEveryInvalidVariable() throws Exception {
        Process process = start(Map.of("DEMO_DRAIN_TIMEOUT", "soon", "DEMO_ADMIN_LISTEN", "nowhere"), "0s");
        assertEquals(ExitCodes.CONFIG, awaitExit(process, START_TIMEOUT));
        String output = stderr();
        for (String name : List.of("DEMO_DRAIN_TIMEOUT", "DEMO_ADMIN_LISTEN")) {
            assertTrue(output.lines().anyMatch(l -> l.contains(name + ": ") && l.contains("(expected: ")),
                    name + " not reported with the expected format in:\n" + output);
        }
        assertTrue(output.contains("\\\"soon\\\" is not a duration"), output);
        assertTrue(output.contains("2 invalid or missing variable(s)"), output);
        assertNoStackTrace(output);
    }

    @Test
    void shouldWarnAboutMisspelledVariable() throws Exception {
        Process process = start(Map.of("DEMO_DRAIN_TIMOUT", "5s", "DEMO_ADMIN_LISTEN", "nowhere", "DEMO_LOG_FORMAT", "text"), "0s");
        assertEquals(ExitCodes.CONFIG, awaitExit(process, START_TIMEOUT));
        String output = stderr();
        assertTrue(output.contains("unknown variable DEMO_DRAIN_TIMOUT is ignored; did you mean DEMO_DRAIN_TIMEOUT?"), output);
        assertNoStackTrace(output);
    }

    @Test
    void shouldExit69WhenAdminPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Process process = start(Map.of("DEMO_ADMIN_LISTEN", address, "DEMO_LOG_FORMAT", "text"), "0s");
            assertEquals(ExitCodes.UNAVAILABLE, awaitExit(process, START_TIMEOUT), stderr());
            String output = stderr();
            assertTrue(output.contains("demo cannot start: cannot listen on " + address + " for the admin server"), output);
            assertNoStackTrace(output);
        }
    }
}
