package dev.sidecars.tailer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.testing.CapturedOutput;
import dev.sidecars.common.testing.RunningFollower;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Test helper: the tailer in-process, built from its environment as {@code main} builds it, writing
 * "stdout" into memory, with a short poll interval.
 */
final class TailerHarness implements AutoCloseable {

    final CapturedOutput out = new CapturedOutput();
    private final RunningFollower follower;

    TailerHarness(Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("TAILER_POLL_INTERVAL", "50ms");
        all.put("TAILER_ROTATE_WAIT", "1s");
        all.put("TAILER_STATE_INTERVAL", "100ms");
        all.putAll(env);
        follower = new RunningFollower(TailerMain.newFollower(TailerConfig.fromEnv(all), out, new SimpleMeterRegistry()));
    }

    List<String> awaitLines(int n) throws InterruptedException {
        return out.awaitLines(n);
    }

    @Override
    public void close() throws Exception {
        follower.stop();
    }
}
