package dev.sidecars.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sidecars.common.admin.Readiness;
import dev.sidecars.common.env.ValueTypes;
import dev.sidecars.common.log.Log;
import dev.sidecars.common.log.Reasons;
import sun.misc.Signal;

/**
 * SIGTERM handling for a pod: the first signal marks the pod not ready, stops every listener,
 * lets in-flight work finish until the drain deadline, then the process exits 0. A second signal
 * exits at once (a person pressing Ctrl-C twice, or an impatient runtime).
 *
 * <p>Signal handlers replace the JVM's own shutdown-hook path, because during shutdown hooks the
 * JVM ignores further signals, which would make the second SIGTERM useless.
 */
public final class Lifecycle {

    private static final Log log = Log.get(Lifecycle.class);

    private final Readiness readiness;
    private final Duration drainTimeout;
    private final List<Drainable> drainables = new ArrayList<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicInteger signals = new AtomicInteger();

    public Lifecycle(Readiness readiness, Duration drainTimeout) {
        this.readiness = readiness;
        this.drainTimeout = drainTimeout;
    }

    public synchronized void register(Drainable drainable) {
        drainables.add(drainable);
    }

    public void installSignalHandlers() {
        Signal.handle(new Signal("TERM"), this::onSignal);
        Signal.handle(new Signal("INT"), this::onSignal);
    }

    private void onSignal(Signal signal) {
        if (signals.incrementAndGet() == 1) {
            log.info("received SIG" + signal.getName() + ", draining", "deadline", ValueTypes.formatDuration(drainTimeout));
            stopRequested.countDown();
        } else {
            log.warn("received SIG" + signal.getName() + " again, exiting without waiting for the drain");
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
    }

    /** Blocks until a stop is requested, then drains. Returns the exit status. */
    public int awaitStopAndDrain() throws InterruptedException {
        stopRequested.await();
        return drain();
    }

    int drain() throws InterruptedException {
        long started = System.nanoTime();
        readiness.markDraining();
        List<Drainable> toDrain;
        synchronized (this) {
            toDrain = List.copyOf(drainables);
        }
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (Drainable d : toDrain) {
            pending.add(d.drain().toCompletableFuture());
        }
        long deadline = started + drainTimeout.toNanos();
        for (int i = 0; i < toDrain.size(); i++) {
            Drainable d = toDrain.get(i);
            try {
                pending.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                log.warn("drain deadline reached, closing what is still open", "component", d.name());
                d.forceClose();
            } catch (ExecutionException e) {
                log.warn("drain failed, closing", "component", d.name(), "reason", Reasons.of(e.getCause()));
                d.forceClose();
            }
        }
        log.info("drained", "tookMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return ExitCodes.OK;
    }
}
