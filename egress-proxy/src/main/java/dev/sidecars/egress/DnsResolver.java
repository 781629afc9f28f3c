package dev.sidecars.egress;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.Future;

/**
 * Netty's asynchronous DNS resolver: reads {@code /etc/hosts} first, then the servers, search
 * domains and {@code ndots} of {@code /etc/resolv.conf}, as a pod's resolver does. Asynchronous
 * so that a slow DNS server holds no thread.
 */
final class DnsResolver implements DestinationResolver {

    private final DnsNameResolver resolver;

    DnsResolver(EventLoop loop, Duration timeout) {
        this.resolver = new DnsNameResolverBuilder(loop)
                .datagramChannelType(NioDatagramChannel.class)
                .queryTimeoutMillis(timeout.toMillis())
                .build();
    }

    @Override
    public Future<List<InetAddress>> resolveAll(String name) {
        return resolver.resolveAll(name);
    }

    @Override
    public void close() {
        resolver.close();
    }
}
