package dev.sidecars.common.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The native executable's GC counters, bound here to this JVM's collectors (the same MXBean interface). */
class GcCountsTest {

    @Test
    void shouldCountEachCollectorsCollectionsAndTime() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GcCounts.bindTo(registry);
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        assertFalse(collectors.isEmpty());
        for (GarbageCollectorMXBean gc : collectors) {
            FunctionCounter count = registry.get("jvm.gc.collections").tag("gc", gc.getName()).functionCounter();
            FunctionCounter time = registry.get("jvm.gc.collection.time").tag("gc", gc.getName()).functionCounter();
            assertEquals("seconds", time.getId().getBaseUnit());
            assertTrue(count.count() >= 0 && time.count() >= 0);
        }
        double before = total(registry);
        System.gc();
        assertTrue(total(registry) > before, "a collection is counted");
    }

    private static double total(SimpleMeterRegistry registry) {
        return registry.get("jvm.gc.collections").functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    }
}
