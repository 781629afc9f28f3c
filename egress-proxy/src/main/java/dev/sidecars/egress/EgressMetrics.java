package dev.sidecars.egress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The proxy's meters. Label values come from closed sets (decisions, reason codes) or from the
 * configuration (allow-list entries, routes), never from what the app asks for, so cardinality
 * stays bounded whatever the app does.
 */
final class EgressMetrics {

    private final MeterRegistry registry;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger tunnels = new AtomicInteger();
    final Counter bytesToUpstream;
    final Counter bytesToClient;

    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> allowed = new ConcurrentHashMap<>();
    private final Timer requestDuration;
    private final Timer tunnelDuration;

    EgressMetrics(MeterRegistry registry) {
        this.registry = registry;
        requestDuration = duration(registry, "http");
        tunnelDuration = duration(registry, "connect");
        Gauge.builder("egress.connections.active", connections, AtomicInteger::get)
                .description("App connections open now").register(registry);
        Gauge.builder("egress.tunnels.active", tunnels, AtomicInteger::get)
                .description("CONNECT tunnels open now").register(registry);
        bytesToUpstream = Counter.builder("egress.bytes").tag("direction", "to_upstream").baseUnit("bytes")
                .description("Bytes relayed, by direction").register(registry);
        bytesToClient = Counter.builder("egress.bytes").tag("direction", "to_client").baseUnit("bytes")
                .description("Bytes relayed, by direction").register(registry);
    }

    void record(Exchange exchange) {
        String kind = exchange.tunnel ? "connect" : "http";
        String reason = exchange.reason == null ? "none" : exchange.reason;
        // Looked up once per label set: building and registering a meter per request costs more than the request.
        requests.computeIfAbsent(exchange.decision + '|' + reason + '|' + kind, key -> Counter.builder("egress.requests")
                .tag("decision", exchange.decision).tag("reason", reason).tag("kind", kind)
                .description("Requests and tunnels, by decision and reason").register(registry)).increment();
        String allowedBy = exchange.route != null ? "route " + exchange.route : exchange.entry;
        if (allowedBy != null && exchange.decision.equals("allow")) {
            allowed.computeIfAbsent(allowedBy, entry -> Counter.builder("egress.allowed").tag("entry", entry)
                    .description("Allowed requests and tunnels, by the allow-list entry or route that allowed them")
                    .register(registry)).increment();
        }
        (exchange.tunnel ? tunnelDuration : requestDuration).record(System.nanoTime() - exchange.startNanos, TimeUnit.NANOSECONDS);
        bytesToUpstream.increment(exchange.bytesToUpstream);
        bytesToClient.increment(exchange.bytesToClient);
    }

    private static Timer duration(MeterRegistry registry, String kind) {
        return Timer.builder("egress.duration").tag("kind", kind)
                .description("How long requests (until the response ended) and tunnels (until closed) took")
                .register(registry);
    }

    void rejected(String limit) {
        Counter.builder("egress.limit.rejections").tag("limit", limit)
                .description("Connections and tunnels refused because a limit was reached").register(registry).increment();
    }
}
