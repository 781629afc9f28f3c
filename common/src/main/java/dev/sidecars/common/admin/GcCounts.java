package dev.sidecars.common.admin;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Garbage collections counted from each collector's own count and accumulated time, for a native
 * executable, whose collectors ("young generation scavenger", "complete scavenger") keep both but send
 * none of the notifications that Micrometer's pause timer is built from.
 */
final class GcCounts {

    private GcCounts() {
    }

    static void bindTo(MeterRegistry registry) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionCounter.builder("jvm.gc.collections", gc, GarbageCollectorMXBean::getCollectionCount)
                    .description("Collections by this collector since the process started")
                    .tag("gc", gc.getName())
                    .register(registry);
            FunctionCounter.builder("jvm.gc.collection.time", gc, b -> b.getCollectionTime() / 1000.0)
                    .description("Time spent in collections by this collector since the process started")
                    .baseUnit("seconds")
                    .tag("gc", gc.getName())
                    .register(registry);
        }
    }
}
