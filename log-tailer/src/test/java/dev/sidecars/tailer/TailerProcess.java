package dev.sidecars.tailer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: the real tailer as a child process ({@code java -cp <test class path> TailerMain}),
 * its stdout a pipe read line by line on a thread (what the container runtime does), its stderr a file.
 */
final class TailerProcess implements AutoCloseable {

    final Process process;
    final Path stderr;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    /** When each line arrived (epoch milliseconds), under the lock of {@link #lines}. */
    private final List<Long> arrivals = new ArrayList<>();
    private final Thread reader;
    private volatile boolean stopReading;

    TailerProcess(Path dir, String name, Map<String, String> env) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new AssertionError("cannot find the java binary"));
        stderr = dir.resolve(name + ".stderr");
        ProcessBuilder b = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), TailerMain.class.getName())
                .redirectError(stderr.toFile());
        b.environment().put("TAILER_ADMIN_LISTEN", "127.0.0.1:0");
        b.environment().putAll(env);
        process = b.start();
        reader = Thread.ofPlatform().daemon().start(this::read);
    }

    /**
     * Reads only what is available, never blocking in read(): a descriptor closed while another
     * thread is blocked reading it stays open until that read returns, and would swallow what the
     * tailer writes after {@link #closeStdout()}.
     */
    private void read() {
        InputStream in = process.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        try {
            while (!stopReading) {
                int available = in.available();
                if (available == 0) {
                    if (!process.isAlive() && in.available() == 0) {
                        return;
                    }
                    Thread.sleep(2);
                    continue;
                }
                int n = in.read(buf, 0, Math.min(buf.length, available));
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        synchronized (lines) {
                            lines.add(line.toString(StandardCharsets.UTF_8));
                            arrivals.add(System.currentTimeMillis());
                        }
                        line.reset();
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // closed by the test
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** How many lines arrived at or after {@code epochMillis}. */
    int arrivedSince(long epochMillis) {
        synchronized (lines) {
            return (int) arrivals.stream().filter(t -> t >= epochMillis).count();
        }
    }

    /** Waits (generously: the machine is shared) until at least {@code n} lines arrived. */
    List<String> awaitLines(int n) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (lines.size() >= n) {
                return lines();
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + n + " lines, got " + lines.size() + "; stderr:\n" + stderr());
    }

    /** The reader of stdout goes away: the next write of the tailer fails with EPIPE. */
    void closeStdout() throws IOException, InterruptedException {
        stopReading = true;
        reader.join();
        process.getInputStream().close();
    }

    /** Waits for the exit and for the last lines of the pipe; returns the exit status. */
    int awaitExit() throws InterruptedException, IOException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the tailer did not exit within 60s; stderr:\n" + stderr());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
