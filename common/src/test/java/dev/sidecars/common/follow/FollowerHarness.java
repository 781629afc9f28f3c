package dev.sidecars.common.follow;

import java.time.Duration;
import java.util.List;

import dev.sidecars.common.testing.CapturedOutput;
import dev.sidecars.common.testing.RunningFollower;

/**
 * Test helper: an in-process follower on its own thread, writing its lines into memory, with short
 * intervals (poll every 50 ms, rotate wait 1 s, offsets every 100 ms; see {@link #quick}).
 */
final class FollowerHarness implements AutoCloseable {

    final CapturedOutput out = new CapturedOutput();
    final RecordingMeters meters = new RecordingMeters();
    private final RunningFollower follower;

    /** Raw lines. */
    FollowerHarness(TestOptions options) {
        this(options, false);
    }

    /** @param labelled each line after its file's label, {@code [path] line} */
    FollowerHarness(TestOptions options, boolean labelled) {
        FollowSink sink = labelled ? CapturingSink.labelled(out) : CapturingSink.raw(out);
        follower = new RunningFollower(new Follower(options.options(), sink, options.store(), meters, () -> { }));
    }

    /** The harness's intervals for {@code paths}; a test may change them further. */
    static TestOptions quick(String... paths) {
        return TestOptions.follow(paths).pollInterval(Duration.ofMillis(50)).rotateWait(Duration.ofSeconds(1))
                .stateInterval(Duration.ofMillis(100));
    }

    List<String> lines() {
        return out.lines();
    }

    List<String> awaitLines(int n) throws InterruptedException {
        return out.awaitLines(n);
    }

    /** SIGTERM's path: drain, flush, save offsets. */
    void stop() throws Exception {
        follower.stop();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
