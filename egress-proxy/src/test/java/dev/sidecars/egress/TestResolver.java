package dev.sidecars.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * The tests' DNS: names of "external" APIs resolve to the loopback addresses their test upstreams
 * listen on, as an {@code /etc/hosts} entry would. A name mapped to an empty list never answers.
 */
final class TestResolver implements DestinationResolver {

    private final EventLoop loop;
    private final Map<String, List<InetAddress>> names;

    TestResolver(EventLoop loop, Map<String, List<InetAddress>> names) {
        this.loop = loop;
        this.names = names;
    }

    @Override
    public Future<List<InetAddress>> resolveAll(String name) {
        List<InetAddress> addresses = names.get(name);
        if (addresses == null) {
            return loop.newFailedFuture(new UnknownHostException(name));
        }
        if (addresses.isEmpty()) {
            return loop.newPromise(); // a DNS server that never answers
        }
        return loop.newSucceededFuture(addresses);
    }

    @Override
    public void close() {
    }
}
