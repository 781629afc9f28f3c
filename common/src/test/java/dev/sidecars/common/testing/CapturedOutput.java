package dev.sidecars.common.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: a stream of lines in memory (a follower's stdout), read by the test while it is
 * written. {@link #block()} makes writes wait, as when the container runtime reads stdout slowly.
 */
public final class CapturedOutput extends OutputStream {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /** Taken by the test: writes wait until it is released. */
    private final Semaphore gate = new Semaphore(1);

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        gate.acquireUninterruptibly();
        gate.release();
        bytes.write(b, off, len);
    }

    /** Writes block from now on. */
    public void block() {
        gate.acquireUninterruptibly();
    }

    public void unblock() {
        gate.release();
    }

    public byte[] toByteArray() {
        return bytes.toByteArray();
    }

    public int size() {
        return bytes.size();
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The complete lines written so far, without their endings. */
    public List<String> lines() {
        String t = text();
        if (t.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(t.split("\n", -1)));
        lines.removeLast(); // what follows the last line ending: nothing, or a line not written completely yet
        return lines;
    }

    /** Waits (generously: the machine is shared) until at least {@code n} lines are out. */
    public List<String> awaitLines(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> lines = lines();
            if (lines.size() >= n) {
                return lines;
            }
            Thread.sleep(20);
        }
        fail("expected " + n + " lines within 60s, got " + lines().size() + "; last: " + NumberedWriter.tail(lines()));
        return List.of();
    }
}
