package dev.sidecars.ambassador;

import java.time.Duration;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * Server mode with {@code AMBASSADOR_TLS_SNI_DIRS}: reads the ClientHello's SNI, asks {@link TlsState}
 * (whose set follows reloads) which context serves that name, and replaces itself with that context's
 * {@link SslHandler}. The handshake timeout covers the wait for the ClientHello and the handshake.
 */
final class SniSelector extends SniHandler {

    private static final int MAX_CLIENT_HELLO = 16 * 1024; // one TLS record; bounds what a trickle can make us buffer

    private final long handshakeTimeoutMillis;

    SniSelector(TlsState tls, AmbassadorMetrics metrics, Duration handshakeTimeout) {
        super(name -> {
            SniCertificates.Choice<SslContext> choice = tls.select(name);
            metrics.sniSelection(choice.match());
            return choice.value();
        }, MAX_CLIENT_HELLO, handshakeTimeout.toMillis());
        this.handshakeTimeoutMillis = handshakeTimeout.toMillis();
    }

    @Override
    protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
        SslHandler ssl = super.newSslHandler(context, allocator);
        ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return ssl;
    }
}
