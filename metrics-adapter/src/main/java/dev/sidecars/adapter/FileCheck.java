package dev.sidecars.adapter;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Reads a file in the shared volume: its modification time, or its last lines. */
final class FileCheck implements Check {

    /** Only the file's tail is searched for a matching line: bounded work per probe. */
    static final int TAIL_BYTES = 64 * 1024;

    private final CheckSpec spec;
    private final Path file;
    private final Vertx vertx;
    private final Duration timeout;
    private final Clock clock;

    FileCheck(CheckSpec spec, Vertx vertx, Duration timeout, Clock clock) {
        this.spec = spec;
        this.file = Path.of(spec.target());
        this.vertx = vertx;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Future<Outcome> run() {
        return TimedProbe.run(vertx, timeout, () -> vertx.executeBlocking(this::inspect, false));
    }

    private Verdict inspect() throws IOException {
        if (spec.modifiedWithin() != null) {
            Duration age = Duration.between(Files.getLastModifiedTime(file).toInstant(), clock.instant());
            return FileJudge.judgeAge(age.isNegative() ? Duration.ZERO : age, spec.modifiedWithin());
        }
        return FileJudge.judgeLines(tail(file), spec.line());
    }

    static List<String> tail(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            // the first line may be cut in the middle when the tail starts mid-file
            return from > 0 && lines.size() > 1 ? lines.subList(1, lines.size()) : lines;
        }
    }
}
