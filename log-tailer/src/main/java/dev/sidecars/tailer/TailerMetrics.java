package dev.sidecars.tailer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.sidecars.common.follow.FileMeters;
import dev.sidecars.common.follow.FollowListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The tailer's meters, labelled by the followed path (the name the file had when it was found). */
final class TailerMetrics implements FollowListener {

    /** The meters of one path, looked up once and then updated without map lookups. */
    final class PerFile implements FileMeters {
        private final Counter lines;
        private final Counter bytes;
        private final Counter rotations;
        private final Counter truncations;
        private final Counter truncatedLines;
        private final Counter skippedLines;
        /** Set by the file now at the path; read on scrape, so the gauge is live even while stdout blocks. */
        private volatile LongSupplier lag = () -> 0;

        private PerFile(String file) {
            lines = Counter.builder("tailer.lines").description("Records written to stdout").tag("file", file)
                    .register(registry);
            bytes = Counter.builder("tailer.read").baseUnit("bytes").description("Bytes of records written to stdout")
                    .tag("file", file).register(registry);
            rotations = Counter.builder("tailer.rotations")
                    .description("Times another file replaced the path (rename rotation, deletion and recreation)")
                    .tag("file", file).register(registry);
            truncations = Counter.builder("tailer.truncations")
                    .description("Times the file was truncated under the tailer (copytruncate)").tag("file", file)
                    .register(registry);
            truncatedLines = Counter.builder("tailer.long.lines").description("Lines over TAILER_MAX_LINE")
                    .tag("file", file).tag("action", "truncated").register(registry);
            skippedLines = Counter.builder("tailer.long.lines").description("Lines over TAILER_MAX_LINE")
                    .tag("file", file).tag("action", "skipped").register(registry);
            Gauge.builder("tailer.lag", this, m -> m.lag.getAsLong()).baseUnit("bytes")
                    .description("Bytes in the file not read yet").tag("file", file).register(registry);
        }

        @Override
        public void read(long records, long bytes) {
            this.lines.increment(records);
            this.bytes.increment(bytes);
        }

        @Override
        public void rotated() {
            rotations.increment();
        }

        @Override
        public void truncated() {
            truncations.increment();
        }

        @Override
        public void longLines(long truncated, long skipped) {
            truncatedLines.increment(truncated);
            skippedLines.increment(skipped);
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
    }

    private final MeterRegistry registry;
    private final Map<String, PerFile> files = new ConcurrentHashMap<>();
    private final AtomicLong followed = new AtomicLong();

    TailerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("tailer.files.followed", followed, AtomicLong::get)
                .description("Files open for reading, rotated ones still being drained included").register(registry);
    }

    @Override
    public PerFile file(String path) {
        return files.computeIfAbsent(path, PerFile::new);
    }

    @Override
    public void followed(int count) {
        followed.set(count);
    }
}
