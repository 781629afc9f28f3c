package dev.sidecars.tailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.follow.Follower;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Test helper: an in-process follower writing into memory, with a short poll interval. */
final class TailerHarness implements AutoCloseable {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** Closed: writes to "stdout" block, as when the container runtime reads slowly. */
    private final java.util.concurrent.Semaphore gate = new java.util.concurrent.Semaphore(1);
    private final java.io.OutputStream gated = new java.io.OutputStream() {
        @Override
        public void write(int b) throws java.io.IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            gate.acquireUninterruptibly();
            gate.release();
            out.write(b, off, len);
        }
    };
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Follower follower;
    private boolean stopped;

    TailerHarness(Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("TAILER_POLL_INTERVAL", "50ms");
        all.put("TAILER_ROTATE_WAIT", "1s");
        all.put("TAILER_STATE_INTERVAL", "100ms");
        all.putAll(env);
        follower = TailerMain.newFollower(TailerConfig.fromEnv(all), gated, registry).start();
        try {
            if (!follower.awaitStarted(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the follower did not start within 60s");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    void blockOutput() {
        gate.acquireUninterruptibly();
    }

    void unblockOutput() {
        gate.release();
    }

    String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    List<String> lines() {
        String t = text();
        if (t.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(t.split("\n", -1)));
        lines.removeLast(); // the text ends with a line ending
        return lines;
    }

    /** Waits (generously: the machine is shared) until at least {@code n} lines are out. */
    List<String> awaitLines(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> lines = lines();
            if (lines.size() >= n) {
                return lines;
            }
            Thread.sleep(20);
        }
        fail("expected " + n + " lines within 60s, got " + lines().size() + "; last: " + tail(lines()));
        return List.of();
    }

    /** SIGTERM's path: drain, flush, save offsets. */
    void stop() throws Exception {
        if (!stopped) {
            stopped = true;
            follower.drain().toCompletableFuture().get(60, TimeUnit.SECONDS);
            follower.join();
        }
    }

    double counter(String name, String file) {
        var c = registry.find(name).tag("file", file).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    static String tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 5), lines.size()).toString();
    }

    /** Every number from 0 to n-1 exactly once and in order, from lines {@code <prefix><number>}. */
    static void assertExactlyOnceInOrder(List<String> lines, String prefix, int n) {
        assertEquals(n, lines.size(), "line count; last lines: " + tail(lines));
        for (int i = 0; i < n; i++) {
            String expected = prefix + NumberedWriter.number(i);
            if (!lines.get(i).equals(expected)) {
                fail("line " + i + " is \"" + lines.get(i) + "\", expected \"" + expected + "\"; around it: "
                        + lines.subList(Math.max(0, i - 3), Math.min(lines.size(), i + 3)));
            }
        }
    }
}
