package dev.sidecars.ambassador;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The ambassador's own meters, all registered on the process registry from the context. */
final class AmbassadorMetrics {

    private final MeterRegistry registry;
    final Counter accepted;
    final Counter rejectedAtLimit;
    final Counter bytesFromClient;
    final Counter bytesToClient;
    final Counter targetConnectFailures;
    final Counter targetsOpened;
    final Counter targetsReused;
    /** Idle connections to the app in the pools of all event loops, kept by {@link TargetPool}. */
    final AtomicInteger idleTargets = new AtomicInteger();

    AmbassadorMetrics(MeterRegistry registry, Supplier<Number> active) {
        this.registry = registry;
        Gauge.builder("ambassador.connections.active", active).description("Client connections open now").register(registry);
        accepted = connections("accepted");
        rejectedAtLimit = connections("rejected_limit");
        bytesFromClient = bytes("from_client");
        bytesToClient = bytes("to_client");
        targetConnectFailures = Counter.builder("ambassador.target.connect.failures")
                .description("Connections to the target that failed").register(registry);
        targetsOpened = Counter.builder("ambassador.target.connections.opened")
                .description("Connections to the target opened").register(registry);
        targetsReused = Counter.builder("ambassador.target.connections.reused")
                .description("Requests sent over an idle pooled connection to the target (http mode, keep-alive)").register(registry);
        Gauge.builder("ambassador.target.connections.idle", idleTargets, AtomicInteger::get)
                .description("Idle pooled connections to the target, kept for the next request").register(registry);
    }

    private Counter connections(String result) {
        return Counter.builder("ambassador.connections").tag("result", result)
                .description("Client connections, by what happened at accept").register(registry);
    }

    private Counter bytes(String direction) {
        return Counter.builder("ambassador.bytes").tag("direction", direction).baseUnit("bytes")
                .description("Application bytes relayed (after decryption), by direction").register(registry);
    }

    void handshake(String version, String cipher) {
        Counter.builder("ambassador.handshakes").tag("version", version).tag("cipher", cipher)
                .description("Completed TLS handshakes, by negotiated version and suite").register(registry).increment();
    }

    void handshakeFailure(String reason) {
        Counter.builder("ambassador.handshake.failures").tag("reason", reason)
                .description("TLS handshakes that failed, by reason").register(registry).increment();
    }

    void sniSelection(String match) {
        Counter.builder("ambassador.sni.selections").tag("match", match)
                .description("Certificates chosen by SNI, by how the name matched: exact, wildcard or default").register(registry).increment();
    }

    void denial(String reason) {
        Counter.builder("ambassador.denials").tag("reason", reason)
                .description("Verified clients refused by the identity allow-lists, by reason").register(registry).increment();
    }
}
