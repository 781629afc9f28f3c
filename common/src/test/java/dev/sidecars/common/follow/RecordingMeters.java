package dev.sidecars.common.follow;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Test listener: what the follower counted, per followed path; read by the test on its own thread. */
final class RecordingMeters implements FollowListener {

    /** The counts of one path. */
    static final class Counts implements FileMeters {
        final AtomicLong rotations = new AtomicLong();
        final AtomicLong truncations = new AtomicLong();
        final AtomicLong truncatedLines = new AtomicLong();
        final AtomicLong skippedLines = new AtomicLong();
        /** Set by the file now at the path, as a lag gauge is. */
        private volatile LongSupplier lag = () -> 0;

        @Override
        public void read(long records, long bytes) {
            // the lines themselves are what the tests check
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
            truncatedLines.addAndGet(truncated);
            skippedLines.addAndGet(skipped);
        }

        @Override
        public void lagFrom(LongSupplier source) {
            lag = source;
        }

        @Override
        public void lagEnded(LongSupplier source) {
            if (lag == source) {
                lag = () -> 0;
            }
        }

        long lag() {
            return lag.getAsLong();
        }
    }

    private final Map<String, Counts> files = new ConcurrentHashMap<>();

    @Override
    public Counts file(String label) {
        return files.computeIfAbsent(label, l -> new Counts());
    }

    /** The counts of a path (all 0 for a path never followed). */
    Counts of(Path file) {
        return file(file.toString());
    }
}
