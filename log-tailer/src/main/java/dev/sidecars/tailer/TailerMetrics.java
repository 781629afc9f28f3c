package dev.sidecars.tailer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The tailer's meters, labelled by the followed path (the name the file had when it was found). */
final class TailerMetrics {

    /** The meters of one path, looked up once and then updated without map lookups. */
    final class PerFile {
        final Counter lines;
        final Counter bytes;
        final Counter rotations;
        final Counter truncations;
        final Counter truncatedLines;
        final Counter skippedLines;
        /** Set by the file now at the path; read on scrape, so the gauge is live even while stdout blocks. */
        volatile java.util.function.LongSupplier lag = () -> 0;

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
    }

    private final MeterRegistry registry;
    private final Map<String, PerFile> files = new ConcurrentHashMap<>();
    private final AtomicLong followed = new AtomicLong();

    TailerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("tailer.files.followed", followed, AtomicLong::get)
                .description("Files open for reading, rotated ones still being drained included").register(registry);
    }

    PerFile file(String path) {
        return files.computeIfAbsent(path, PerFile::new);
    }

    void followed(int count) {
        followed.set(count);
    }
}
