package dev.sidecars.egress;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.log.Json;

/**
 * One JSON line per request or tunnel on stdout: the record of every attempt, separate from the
 * proxy's own diagnostics on stderr, so {@code kubectl logs} shows exactly the egress history.
 *
 * <p>Lines are written by one thread in batches: a write and flush per request on the event loop
 * halved the proxy's throughput (bench/RESULTS.md). The queue is bounded; when stdout cannot keep
 * up the event loops wait for room rather than drop a line, so nothing recorded is lost.
 */
final class DecisionLog implements AutoCloseable {

    /** Which exchanges are written. */
    enum Level { ALL, DENIED, NONE }

    private static final String END = "";
    private static final int BATCH = 4096;

    private final PrintStream out;
    private final Level level;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(16_384);
    private final Thread writer;
    private volatile boolean closed;

    DecisionLog(PrintStream out, Level level) {
        this.out = out;
        this.level = level;
        this.writer = Thread.ofPlatform().daemon().name("decision-log").start(this::writeBatches);
    }

    void write(Exchange exchange) {
        if (level == Level.NONE || (level == Level.DENIED && exchange.decision.equals("allow"))) {
            return;
        }
        StringBuilder line = new StringBuilder(320);
        line.append("{\"time\":");
        Json.appendString(line, Instant.now().toString());
        line.append(",\"type\":\"egress\"");
        exchange.appendJson(line);
        line.append("}\n");
        enqueue(line.toString());
    }

    private void enqueue(String line) {
        if (closed) {
            synchronized (out) { // after close, e.g. a tunnel ending during shutdown: write it directly
                out.print(line);
                out.flush();
            }
            return;
        }
        try {
            lines.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeBatches() {
        List<String> batch = new ArrayList<>(BATCH);
        StringBuilder text = new StringBuilder(64 * 1024);
        boolean end = false;
        while (!end) {
            try {
                batch.add(lines.take());
            } catch (InterruptedException e) {
                return;
            }
            lines.drainTo(batch, BATCH - 1);
            for (String line : batch) {
                if (line == END) {
                    end = true;
                } else {
                    text.append(line);
                }
            }
            synchronized (out) {
                out.print(text);
                out.flush();
            }
            text.setLength(0);
            batch.clear();
        }
    }

    /** Writes everything queued, then stops the writer; later lines are written directly. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            lines.put(END);
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
    }
}
