package dev.sidecars.ambassador;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import dev.sidecars.common.testing.OpenSsl;
import dev.sidecars.common.tls.TlsMaterial;
import dev.sidecars.common.tls.TlsMaterialLoader;
import dev.sidecars.common.tls.TlsSource;

/** Certificates for one test class, made by the real openssl CLI, and JDK clients that use them. */
final class TestPki {

    final OpenSsl openssl;
    final OpenSsl.Pair ca;
    final OpenSsl.Pair server;
    final OpenSsl.Pair allowedClient;
    final OpenSsl.Pair otherClient;

    TestPki(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        openssl = new OpenSsl(dir);
        ca = openssl.ca("test-ca");
        server = openssl.leaf(ca, "localhost", OpenSsl.KeyFormat.EC_PKCS8);
        allowedClient = openssl.leaf(ca, "search-client", OpenSsl.KeyFormat.EC_PKCS8,
                "URI:spiffe://cluster/ns/search/sa/indexer", "DNS:indexer.search.svc");
        otherClient = openssl.leaf(ca, "billing-client", OpenSsl.KeyFormat.EC_PKCS8,
                "URI:spiffe://cluster/ns/billing/sa/api");
    }

    /** The env of a server-mode ambassador on 127.0.0.1:0 in front of {@code targetPort}. */
    Map<String, String> serverEnv(int targetPort, String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AMBASSADOR_LISTEN", "127.0.0.1:0",
                "AMBASSADOR_TARGET", "127.0.0.1:" + targetPort,
                "AMBASSADOR_TLS_CERT_FILE", server.cert().toString(),
                "AMBASSADOR_TLS_KEY_FILE", server.key().toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    SSLContext clientContext(OpenSsl.Pair clientCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", TlsMaterialLoader.loadAuthorities(ca.cert()).getFirst());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCert != null) {
            TlsMaterial m = new TlsMaterialLoader(Clock.systemUTC()).load(new TlsSource.PemFiles(clientCert.cert(), clientCert.key(), null));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", m.key(), new char[0], m.chain().toArray(X509Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    SSLSocket connect(int port, OpenSsl.Pair clientCert, String... protocols) throws Exception {
        SSLSocket socket = (SSLSocket) clientContext(clientCert).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(20_000);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        var params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.startHandshake();
        return socket;
    }

    /** Writes the payload and reads as many bytes back, without half-closing. */
    static byte[] echo(Socket socket, byte[] payload) throws IOException {
        InputStream in = socket.getInputStream();
        var reader = new java.util.concurrent.CompletableFuture<byte[]>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                reader.complete(in.readNBytes(payload.length));
            } catch (IOException e) {
                reader.completeExceptionally(e);
            }
        });
        socket.getOutputStream().write(payload);
        socket.getOutputStream().flush();
        try {
            return reader.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("reading the echo failed: " + e, e);
        }
    }
}
