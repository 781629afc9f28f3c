package dev.sidecars.egress;

import java.util.function.Supplier;

import io.netty.channel.group.ChannelGroup;

/** What every app connection's handler shares: the settings, the current policy and the proxy's services. */
record ProxyContext(
        EgressConfig config,
        Supplier<EgressPolicy> policy,
        Dialer dialer,
        EgressMetrics metrics,
        DecisionLog decisions,
        ChannelGroup clients) {

    /**
     * Ends an exchange, once: fixes its byte counts from the app connection's total so far, counts it
     * and writes its decision line. False when it had ended already.
     */
    boolean end(Exchange exchange, long fromClientTotal) {
        if (!exchange.end()) {
            return false;
        }
        exchange.settleBytes(fromClientTotal);
        metrics.record(exchange);
        decisions.write(exchange);
        return true;
    }
}
