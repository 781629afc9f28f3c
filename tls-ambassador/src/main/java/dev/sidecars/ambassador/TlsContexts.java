package dev.sidecars.ambassador;

import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLException;

import dev.sidecars.common.StartupException;
import dev.sidecars.common.log.Log;
import dev.sidecars.common.log.Reasons;
import dev.sidecars.common.tls.TlsMaterial;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/** Builds Netty SSL contexts from loaded material and the configured versions, suites and ALPN. */
final class TlsContexts {

    private static final Log log = Log.get(TlsContexts.class);

    static {
        // Client-initiated renegotiation is a DoS lever and has no use for a proxy. BoringSSL has no
        // server-side renegotiation at all; the JDK engine needs this switch (read once, before any handshake).
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    private TlsContexts() {
    }

    /**
     * The engine to use; {@code openssl} asked for but not loadable is a start-up failure, not a silent
     * fallback. {@code auto} is OpenSSL in server mode (handshakes/s: see bench/RESULTS.md) and the JDK in
     * client mode: Netty's OpenSSL engine ends both directions when the peer's close_notify arrives, the
     * JDK's keeps ours open under TLS 1.3 (a half-close), and client mode makes one handshake per app
     * connection, where the engine's speed matters little.
     */
    static SslProvider provider(AmbassadorConfig.Engine engine, AmbassadorConfig.Mode mode) {
        return switch (engine) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new StartupException("AMBASSADOR_TLS_ENGINE=openssl, but the OpenSSL engine cannot be loaded: "
                            + whyNoOpenSsl());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> {
                if (mode != AmbassadorConfig.Mode.SERVER) {
                    yield SslProvider.JDK;
                }
                if (!OpenSsl.isAvailable()) {
                    // Never silent: the JDK's engine makes a fraction of the handshakes (bench/RESULTS.md).
                    log.warn("the OpenSSL engine cannot be loaded, serving TLS with the JDK's slower engine;"
                                    + " set AMBASSADOR_TLS_ENGINE=openssl to make this a start-up failure",
                            "reason", whyNoOpenSsl());
                    yield SslProvider.JDK;
                }
                yield SslProvider.OPENSSL;
            }
        };
    }

    /**
     * Netty's own message ("failed to load the required native library") says nothing a person can act
     * on; the reasons are its causes and the attempts it records as suppressed (not in java.library.path,
     * the temporary copy refused by a read-only file system, ...).
     */
    static String whyNoOpenSsl() {
        Throwable cause = OpenSsl.unavailabilityCause();
        java.util.LinkedHashSet<String> reasons = new java.util.LinkedHashSet<>();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            reasons.add(Reasons.of(t));
            for (Throwable s : t.getSuppressed()) {
                reasons.add(Reasons.of(s));
            }
        }
        String all = String.join("; ", reasons);
        return (all.length() > 600 ? all.substring(0, 600) + "..." : all)
                + " (java.library.path: " + System.getProperty("java.library.path") + ")";
    }

    static SslContext server(AmbassadorConfig config, SslProvider provider, TlsMaterial material,
                             List<X509Certificate> clientCas) {
        SslContextBuilder builder = SslContextBuilder.forServer(material.key(), material.chain())
                .sslProvider(provider);
        if (config.mutualTls()) {
            builder.trustManager(clientCas)
                    .clientAuth(config.clientAuth() == AmbassadorConfig.ClientAuth.REQUIRE ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        return common(builder, config);
    }

    /** Client mode: the remote's certificate and host name are always verified. */
    static SslContext client(AmbassadorConfig config, SslProvider provider, TlsMaterial clientCert,
                             List<X509Certificate> trusted) {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider)
                .endpointIdentificationAlgorithm("HTTPS");
        if (trusted != null) {
            builder.trustManager(trusted);
        }
        if (clientCert != null) {
            builder.keyManager(clientCert.key(), clientCert.chain());
        }
        return common(builder, config);
    }

    private static SslContext common(SslContextBuilder builder, AmbassadorConfig config) {
        builder.protocols(config.tlsVersions())
                // Identity filter: a suite the engine does not know fails loudly instead of vanishing.
                .ciphers(config.cipherSuites(), IdentityCipherSuiteFilter.INSTANCE);
        if (!config.alpn().isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, config.alpn()));
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build the TLS context: " + e.getMessage());
        }
    }
}
