package dev.sidecars.common.relay;

import dev.sidecars.common.log.Log;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * Two connected channels relaying to each other (both with {@code AUTO_READ=false} and
 * {@code ALLOW_HALF_CLOSURE=true}). Knows the half-close rules: when one side stops sending, the
 * other side's output is shut down after everything already read has been written (for a TLS side:
 * {@code close_notify}, then FIN), and the pair is closed only when both directions are finished or
 * either side fails. No protocol knowledge: the tls-ambassador and the egress-proxy share it.
 */
public final class Tunnel {

    private static final Log log = Log.get(Tunnel.class);

    private final Channel a;
    private final Channel b;
    private ChannelFuture lastWriteToA;
    private ChannelFuture lastWriteToB;
    private boolean aDone;
    private boolean bDone;

    private Tunnel(Channel a, Channel b) {
        this.a = a;
        this.b = b;
        this.lastWriteToA = a.newSucceededFuture();
        this.lastWriteToB = b.newSucceededFuture();
    }

    /** Adds a {@link RelayHandler} at the end of each pipeline and starts reading both. */
    public static Tunnel join(Channel a, Channel b) {
        Tunnel tunnel = new Tunnel(a, b);
        a.pipeline().addLast("relay", new RelayHandler(tunnel, b));
        b.pipeline().addLast("relay", new RelayHandler(tunnel, a));
        return tunnel;
    }

    /** Writes what {@code from} read to its peer; the listener decides when {@code from} reads again. */
    synchronized ChannelFuture forward(Channel from, Object msg) {
        Channel to = peer(from);
        ChannelFuture f = to.writeAndFlush(msg);
        if (to == a) {
            lastWriteToA = f;
        } else {
            lastWriteToB = f;
        }
        return f;
    }

    /** {@code from} will send nothing more: finish the peer's output once pending writes are out. */
    synchronized void inputDone(Channel from) {
        if (from == a) {
            if (aDone) {
                return;
            }
            aDone = true;
        } else {
            if (bDone) {
                return;
            }
            bDone = true;
        }
        Channel to = peer(from);
        ChannelFuture pending = to == a ? lastWriteToA : lastWriteToB;
        boolean bothDone = aDone && bDone;
        pending.addListener(f -> {
            if (bothDone || !f.isSuccess()) {
                closeBoth();
            } else {
                shutdownOutput(to);
            }
        });
    }

    public void closeBoth() {
        // Flush what was written before closing, so a response is not cut off (ghostunnel #795).
        a.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        b.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** A channel closed or failed: the other one follows once what it was sent is flushed. */
    void closed(Channel which) {
        Channel other = peer(which);
        if (other.isActive()) {
            other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private Channel peer(Channel ch) {
        return ch == a ? b : a;
    }

    private void shutdownOutput(Channel ch) {
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        ChannelFuture notified = ssl == null ? ch.newSucceededFuture() : ssl.closeOutbound();
        notified.addListener(f -> {
            if (ch instanceof DuplexChannel duplex && ch.isActive()) {
                duplex.shutdownOutput().addListener(s -> {
                    if (!s.isSuccess()) {
                        log.debug("shutdown of output failed", "reason", String.valueOf(s.cause()));
                        closeBoth();
                    }
                });
            } else {
                closeBoth();
            }
        });
    }
}
