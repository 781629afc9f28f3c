package dev.sidecars.common.relay;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.StartupException;
import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.log.Reasons;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The TCP listener of a relaying image (the ambassador, the egress proxy): its event loops, the
 * bind that fails start-up with the address and the reason, and the two steps of a stop: accept no
 * more, then close and shut the loops down. Accepted connections start with {@code AUTO_READ} off
 * (the relays read only after a write succeeded) and half-closure allowed (a client's FIN must not
 * cut the answer short).
 */
public final class TcpListener implements AutoCloseable {

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    private Channel channel;

    /** The loops that serve accepted connections; the image's own clients (DNS, probes) use them too. */
    public EventLoopGroup workers() {
        return workers;
    }

    /** @throws StartupException naming the address and the reason, e.g. the port is taken */
    public void bind(HostPort address, ChannelHandler childHandler) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(childHandler);
        try {
            channel = bootstrap.bind(address.toSocketAddress()).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new StartupException("cannot listen on " + address + ": " + Reasons.of(e));
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public int port() {
        return localAddress().getPort();
    }

    public boolean isListening() {
        return channel != null && channel.isActive();
    }

    /** The first step of a drain: new connections are refused, open ones go on. */
    public void stopAccepting() {
        if (channel != null) {
            channel.close();
        }
    }

    /** Closes the listening socket and shuts the loops down, waiting for both; open connections close with their loop. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
