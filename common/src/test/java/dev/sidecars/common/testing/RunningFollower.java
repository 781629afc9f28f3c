package dev.sidecars.common.testing;

import java.util.concurrent.TimeUnit;

import dev.sidecars.common.follow.Follower;

/** Test helper: a follower on its own thread, started and stopped as an image runs it (SIGTERM: drain). */
public final class RunningFollower implements AutoCloseable {

    private final Follower follower;
    private boolean stopped;

    /** Starts the follower and waits until the files present now are open. */
    public RunningFollower(Follower follower) {
        this.follower = follower.start();
        try {
            if (!follower.awaitStarted(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the follower did not start within 60s");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** SIGTERM's path: drain, flush, save offsets; once. */
    public void stop() throws Exception {
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
