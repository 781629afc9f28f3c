package dev.sidecars.common.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code /readyz} reports: the image's own checks plus two states every image has,
 * "started" (false until wiring is done) and "draining" (true once SIGTERM arrived).
 */
public final class Readiness {

    public record NamedResult(String name, CheckResult result) {
    }

    private final Map<String, Supplier<CheckResult>> checks = new LinkedHashMap<>();
    private volatile boolean started;
    private volatile boolean draining;

    /** Checks must be quick and must not throw: they run on every probe. */
    public synchronized void register(String name, Supplier<CheckResult> check) {
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("readiness check " + name + " is registered twice");
        }
    }

    public void markStarted() {
        started = true;
    }

    public void markDraining() {
        draining = true;
    }

    /** Every check's result; the pod is ready when all are ok. */
    public List<NamedResult> evaluate() {
        List<NamedResult> results = new ArrayList<>();
        results.add(new NamedResult("started", started ? CheckResult.passed() : CheckResult.failed("starting up")));
        results.add(new NamedResult("draining", draining ? CheckResult.failed("shutting down") : CheckResult.passed()));
        List<Map.Entry<String, Supplier<CheckResult>>> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(checks.entrySet());
        }
        for (Map.Entry<String, Supplier<CheckResult>> e : snapshot) {
            CheckResult result;
            try {
                result = e.getValue().get();
            } catch (RuntimeException ex) {
                result = CheckResult.failed("check failed: " + ex);
            }
            results.add(new NamedResult(e.getKey(), result));
        }
        return results;
    }
}
