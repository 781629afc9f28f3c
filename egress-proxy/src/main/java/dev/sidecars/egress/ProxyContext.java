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
}
