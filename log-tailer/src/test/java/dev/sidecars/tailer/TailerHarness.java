package dev.sidecars.tailer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.follow.Follower;
import dev.sidecars.common.testing.CapturedOutput;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Test helper: the tailer in-process, built from its environment as {@code main} builds it, writing
 * "stdout" into memory, with a short poll interval.
 */
final class TailerHarness implements AutoCloseable {

    final CapturedOutput out = new CapturedOutput();
    final Follower follower;
    private boolean stopped;

    TailerHarness(Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("TAILER_POLL_INTERVAL", "50ms");
        all.put("TAILER_ROTATE_WAIT", "1s");
        all.put("TAILER_STATE_INTERVAL", "100ms");
        all.putAll(env);
        follower = TailerMain.newFollower(TailerConfig.fromEnv(all), out, new SimpleMeterRegistry()).start();
        try {
            if (!follower.awaitStarted(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the follower did not start within 60s");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    List<String> awaitLines(int n) throws InterruptedException {
        return out.awaitLines(n);
    }

    /** SIGTERM's path: drain, flush, save offsets. */
    void stop() throws Exception {
        if (!stopped) {
            stopped = true;
            follower.drain().toCompletableFuture().get(60, TimeUnit.SECONDS);
            follower.join();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
