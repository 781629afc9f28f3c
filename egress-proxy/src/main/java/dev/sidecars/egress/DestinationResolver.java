package dev.sidecars.egress;

import java.net.InetAddress;
import java.util.List;

import io.netty.util.concurrent.Future;

/** Resolves a destination name to addresses. The policy checks what this returns, and the proxy dials exactly that. */
interface DestinationResolver extends AutoCloseable {

    Future<List<InetAddress>> resolveAll(String name);

    @Override
    void close();
}
