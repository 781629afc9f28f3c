package dev.sidecars.common.follow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Test helper: {@link FollowOptions}, and where offsets are saved, for a test. {@link #follow} starts
 * from the log-tailer's defaults (poll every 250 ms, rotate wait 5 s, offsets every 2 s, from the
 * head, lines up to 1 MiB, longer ones truncated); each test changes what it is about.
 */
final class TestOptions {

    private final List<String> paths;
    private FollowOptions.StartFrom from = FollowOptions.StartFrom.HEAD;
    private Duration pollInterval = Duration.ofMillis(250);
    private Duration rotateWait = Duration.ofSeconds(5);
    private Duration stateInterval = Duration.ofSeconds(2);
    private int maxLineBytes = 1 << 20;
    private boolean truncateLongLines = true;
    private Path stateDir;

    private TestOptions(List<String> paths) {
        this.paths = paths;
    }

    /** @param paths absolute paths or globs */
    static TestOptions follow(String... paths) {
        return new TestOptions(List.of(paths));
    }

    TestOptions from(FollowOptions.StartFrom from) {
        this.from = from;
        return this;
    }

    TestOptions pollInterval(Duration interval) {
        this.pollInterval = interval;
        return this;
    }

    TestOptions rotateWait(Duration wait) {
        this.rotateWait = wait;
        return this;
    }

    TestOptions stateInterval(Duration interval) {
        this.stateInterval = interval;
        return this;
    }

    TestOptions maxLineBytes(int max) {
        this.maxLineBytes = max;
        return this;
    }

    /** A line over the maximum is dropped rather than cut. */
    TestOptions skipLongLines() {
        this.truncateLongLines = false;
        return this;
    }

    /** Offsets are saved in {@code dir} (created if missing). */
    TestOptions savingOffsetsIn(Path dir) {
        this.stateDir = dir;
        return this;
    }

    FollowOptions options() {
        return new FollowOptions(paths, from, pollInterval, rotateWait, stateInterval, maxLineBytes, truncateLongLines);
    }

    /** The store for {@link #savingOffsetsIn}, checked writable as the log-tailer does; null without one. */
    OffsetStore store() {
        if (stateDir == null) {
            return null;
        }
        OffsetStore store = new OffsetStore(stateDir);
        try {
            store.checkWritable();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return store;
    }

    /** A follower writing raw lines into {@code out}, stepped by the test ({@link Follower#pollOnce()}). */
    Follower startedManually(java.io.OutputStream out) throws IOException {
        Follower f = new Follower(options(), CapturingSink.raw(out), store(), new RecordingMeters(), () -> { });
        f.startManually();
        return f;
    }
}
