package dev.sidecars.adapter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.sidecars.common.follow.FileMeters;
import dev.sidecars.common.follow.FollowListener;
import dev.sidecars.common.follow.FollowOptions;
import dev.sidecars.common.follow.Follower;
import dev.sidecars.common.follow.LineSink;
import dev.sidecars.common.log.Log;

/**
 * Metrics from an app's log file: the shared follower (the log-tailer's, driven here by the
 * endpoint's timer) hands each line to the counters; the exposition adds the follower's own series
 * ({@code adapter_log_*}, labelled with the file) so a missing or rotating file shows. Offsets are
 * not saved: a restarted adapter counts from the end again, and counters restart at 0.
 */
final class LogSource implements AutoCloseable {

    private static final Log log = Log.get(LogSource.class);
    /** A line counts up to this many bytes (bounded memory); the rest of a longer line is dropped. */
    static final int MAX_LINE = 64 * 1024;
    /** How long a renamed or deleted file is still read for the app's late writes. */
    static final Duration ROTATE_WAIT = Duration.ofSeconds(5);
    /** The follower reads at most 4 MiB per file and cycle: two cycles keep 8 MiB per look. */
    private static final int CYCLES_PER_POLL = 2;
    /** No offsets are saved; this is how often closed files that no longer exist are forgotten. */
    private static final Duration FORGET_INTERVAL = Duration.ofSeconds(2);

    private final Endpoints.LogFile spec;
    private final LogCounters counters;
    private final Follower follower;
    private final Meters meters = new Meters();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private boolean started;
    private boolean closed;
    private String problem;
    private volatile boolean present;
    private final AtomicLong readErrors = new AtomicLong();

    LogSource(Endpoints.LogFile spec, Clock clock) {
        this(spec, clock, line -> { });
    }

    /** @param seen each line after it was counted (tests) */
    LogSource(Endpoints.LogFile spec, Clock clock, Consumer<String> seen) {
        this.spec = spec;
        this.counters = new LogCounters(spec.counters());
        FollowOptions options = new FollowOptions(List.of(spec.file().toString()),
                spec.fromStart() ? FollowOptions.StartFrom.HEAD : FollowOptions.StartFrom.NEXT_LINE,
                spec.poll(), ROTATE_WAIT, FORGET_INTERVAL, MAX_LINE, true);
        LineSink count = (b, off, len, end) -> {
            String line = new String(b, off, len, StandardCharsets.UTF_8); // invalid UTF-8 becomes U+FFFD
            counters.accept(line, clock.millis());
            seen.accept(line);
        };
        this.follower = new Follower(options, label -> count, null, meters, () -> { });
    }

    /**
     * One look at the file: reads what is new and follows a rotation or truncation. The first look
     * decides what counts as history ({@code from: end}). Never throws.
     */
    synchronized void poll() {
        if (closed) {
            return; // a poll queued before close must not reopen the file
        }
        problem = null;
        try {
            if (!started) {
                started = true;
                follower.startManually();
            }
            for (int i = 0; i < CYCLES_PER_POLL && follower.pollOnce(); i++) {
                // a file with more to read gets a second cycle in the same look
            }
        } catch (IOException | RuntimeException e) {
            problem = FailureReasons.of(e);
        }
        if (problem != null) {
            readErrors.incrementAndGet(); // one failed look, however many cycles saw the problem
            if (logged.size() < 100 && logged.add(problem)) {
                log.warn("cannot read the app's log", "file", spec.file().toString(), "reason", problem);
            }
        }
        present = Files.exists(spec.file());
    }

    List<Family> families() {
        List<Family> families = new ArrayList<>(counters.families());
        String file = spec.file().toString();
        families.add(family("adapter_log_file_present", "1 when the followed file exists, else 0",
                JsonMapping.MetricType.GAUGE, file, present ? 1 : 0));
        families.add(family("adapter_log_lines_total", "Lines read from the followed file",
                JsonMapping.MetricType.COUNTER, file, meters.lines.get()));
        families.add(family("adapter_log_rotations_total", "Times another file appeared at the path (rotation by rename, or recreated)",
                JsonMapping.MetricType.COUNTER, file, meters.rotations.get()));
        families.add(family("adapter_log_truncations_total", "Times the followed file was truncated (copytruncate) and read again from its start",
                JsonMapping.MetricType.COUNTER, file, meters.truncations.get()));
        families.add(family("adapter_log_read_errors_total", "Failed looks at the followed file (permission denied, not a file, ...)",
                JsonMapping.MetricType.COUNTER, file, readErrors.get()));
        return families;
    }

    boolean present() {
        return present;
    }

    long lines() {
        return meters.lines.get();
    }

    long rotations() {
        return meters.rotations.get();
    }

    long truncations() {
        return meters.truncations.get();
    }

    long readErrors() {
        return readErrors.get();
    }

    private static Family family(String name, String help, JsonMapping.MetricType type, String file, double value) {
        return new Family(name, help, type, List.of(new Sample(List.<String[]>of(new String[] {"file", file}), value)));
    }

    @Override
    public synchronized void close() {
        closed = true;
        follower.close();
    }

    /** The follower's counts for the one followed path; written on the polling thread, read by scrapes. */
    private final class Meters implements FollowListener, FileMeters {
        final AtomicLong lines = new AtomicLong();
        final AtomicLong rotations = new AtomicLong();
        final AtomicLong truncations = new AtomicLong();

        @Override
        public FileMeters file(String label) {
            return this;
        }

        @Override
        public void problem(Path path, String reason) {
            problem = reason;
        }

        @Override
        public void read(long records, long bytes) {
            lines.addAndGet(records);
        }

        @Override
        public void rotated() {
            rotations.incrementAndGet();
        }

        @Override
        public void truncated() {
            truncations.incrementAndGet();
        }

        @Override
        public void longLines(long truncated, long skipped) {
            // a long line still counts as one line, cut to MAX_LINE
        }

        @Override
        public void lagFrom(LongSupplier lag) {
            // not exposed: the adapter reads at most 8 MiB per look and catches up over the next ones
        }

        @Override
        public void lagEnded(LongSupplier lag) {
        }
    }
}
