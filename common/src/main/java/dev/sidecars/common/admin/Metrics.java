package dev.sidecars.common.admin;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one registry of a process: runtime and process metrics (the JVM's, or a native executable's
 * heap, collectors and threads), build info, and the image's own meters.
 */
public final class Metrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;

    public Metrics(String image, String version) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Two of Micrometer's processor meters break Prometheus naming rules (`promtool check metrics`):
        // `process_cpu_time_ns_total` (abbreviated unit) and `system_cpu_count` (a gauge named like a
        // histogram's count). Export CPU time in seconds under the name Prometheus' own clients use
        // (`process_cpu_seconds_total`) and the processor count under a clean name.
        registry.config()
                .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time") && "ns".equals(id.getBaseUnit())))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.processors") : id;
                    }
                });
        FunctionCounter.builder("process.cpu", ProcessHandle.current(),
                        p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN))
                .description("The CPU time used by the Java virtual machine process")
                .baseUnit("seconds")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        if (NATIVE) {
            // A native executable loads no classes and its collectors send no notifications, which
            // Micrometer's class and GC binders rely on (it would warn at every start): the
            // collectors' own counts and times instead.
            gcMetrics = null;
            GcCounts.bindTo(registry);
        } else {
            new ClassLoaderMetrics().bindTo(registry);
            gcMetrics = new JvmGcMetrics();
            gcMetrics.bindTo(registry);
        }
        Gauge.builder("sidecar.info", () -> 1)
                .description("Which image and version this process is")
                .tag("image", image)
                .tag("version", version)
                .register(registry);
    }

    /** Whether this process is a GraalVM native executable (the property GraalVM's ImageInfo reads). */
    static final boolean NATIVE = "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"));

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
        registry.close();
    }
}
