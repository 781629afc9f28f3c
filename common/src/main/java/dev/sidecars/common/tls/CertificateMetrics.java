package dev.sidecars.common.tls;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The expiry of the certificate in service, so that an alert fires before clients start failing. */
public final class CertificateMetrics {

    private CertificateMetrics() {
    }

    public static void register(MeterRegistry registry, String name, Supplier<TlsMaterial> inService) {
        Gauge.builder("tls.certificate.not.after", () -> inService.get().notAfter().getEpochSecond())
                .tag("name", name)
                .description("Not-after time of the certificate in service, in seconds since the epoch")
                .baseUnit("seconds")
                .register(registry);
    }
}
