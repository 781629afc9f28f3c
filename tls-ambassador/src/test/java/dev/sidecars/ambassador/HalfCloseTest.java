package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS 1.3 half-close (RFC 8446 §6.1: close_notify ends only the sender's direction), with real peers:
 * a JDK {@link SSLServerSocket} as the remote in client mode, a JDK {@link SSLSocket} as the client in
 * server mode. Each direction must keep flowing after the other one has ended.
 */
class HalfCloseTest extends PkiTest {

    private static final byte[] BIG = new byte[512 * 1024];

    static {
        new Random(7).nextBytes(BIG);
    }

    /** A TLS 1.3 server on 127.0.0.1:0 that runs {@code session} for one connection. */
    private static final class TlsRemote implements AutoCloseable {
        final SSLServerSocket server;
        final CompletableFuture<byte[]> received = new CompletableFuture<>();

        TlsRemote(Session session) throws Exception {
            server = (SSLServerSocket) pki.clientContext(pki.server).getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            server.setEnabledProtocols(new String[] {"TLSv1.3"});
            Thread.ofPlatform().daemon().start(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(20_000);
                    session.run(s, received);
                } catch (Exception e) {
                    received.completeExceptionally(e);
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private interface Session {
        void run(SSLSocket s, CompletableFuture<byte[]> received) throws Exception;
    }

    private static AmbassadorServer clientMode(int remotePort, AmbassadorConfig.Engine engine) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AMBASSADOR_MODE", "client",
                "AMBASSADOR_LISTEN", "127.0.0.1:0",
                "AMBASSADOR_TARGET", "127.0.0.1:" + remotePort,
                "AMBASSADOR_SERVER_NAME", "localhost",
                "AMBASSADOR_CA_FILE", pki.ca.cert().toString(),
                "AMBASSADOR_TLS_ENGINE", engine.name().toLowerCase(),
                "AMBASSADOR_READY_REQUIRES_TARGET", "false")); // the readiness probe would be the remote's one connection
        return AmbassadorServer.start(AmbassadorConfig.fromEnv(env), new SimpleMeterRegistry());
    }

    /** The remote says its piece and sends close_notify; the app still sends its request afterwards. */
    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"AUTO", "JDK"}) // OpenSSL: see TlsContexts.provider
    void shouldKeepTheAppsDirectionOpenAfterTheRemoteSentCloseNotify(AmbassadorConfig.Engine engine) throws Exception {
        try (var remote = new TlsRemote((s, received) -> {
                 s.getOutputStream().write(BIG);
                 s.getOutputStream().flush();
                 s.shutdownOutput(); // close_notify + FIN; TLS 1.3 keeps our reading side open
                 received.complete(s.getInputStream().readAllBytes());
             });
             var local = clientMode(remote.port(), engine);
             Socket app = new Socket(InetAddress.getLoopbackAddress(), local.port())) {
            assertEquals(SslProvider.JDK, local.provider(), "auto picks the JDK engine in client mode");
            app.setSoTimeout(20_000);
            assertArrayEquals(BIG, app.getInputStream().readAllBytes(), "the remote's bytes, then FIN");
            app.getOutputStream().write("late request".getBytes(StandardCharsets.US_ASCII));
            app.shutdownOutput();
            assertEquals("late request", new String(remote.received.get(20, TimeUnit.SECONDS), StandardCharsets.US_ASCII));
        }
    }

    /** The app half-closes first (FIN): the remote gets close_notify, and its answer still reaches the app. */
    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"AUTO", "JDK", "OPENSSL"})
    void shouldDeliverTheRemotesAnswerAfterTheAppHalfClosed(AmbassadorConfig.Engine engine) throws Exception {
        try (var remote = new TlsRemote((s, received) -> {
                 received.complete(s.getInputStream().readAllBytes()); // until close_notify
                 Thread.sleep(100); // delayed return traffic (ghostunnel #795)
                 s.getOutputStream().write(BIG);
                 s.getOutputStream().flush();
             });
             var local = clientMode(remote.port(), engine);
             Socket app = new Socket(InetAddress.getLoopbackAddress(), local.port())) {
            app.setSoTimeout(20_000);
            app.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
            app.shutdownOutput();
            assertEquals("request", new String(remote.received.get(20, TimeUnit.SECONDS), StandardCharsets.US_ASCII));
            assertArrayEquals(BIG, app.getInputStream().readAllBytes());
        }
    }

    /**
     * Server mode: request and close_notify arrive while the ambassador is still connecting to the app
     * (its SYN is dropped by a full accept queue and retried a second later); once the tunnel stands the
     * app gets the request, then FIN, and the client still gets the answer.
     */
    @org.junit.jupiter.api.Test
    void shouldRelayACloseNotifyThatArrivedWhileTheAppWasStillBeingConnected() throws Exception {
        try (java.net.ServerSocket app = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket filler1 = new Socket(InetAddress.getLoopbackAddress(), app.getLocalPort());
             Socket filler2 = new Socket(InetAddress.getLoopbackAddress(), app.getLocalPort());
             var server = AmbassadorServer.start(AmbassadorConfig.fromEnv(pki.serverEnv(app.getLocalPort(),
                     "AMBASSADOR_TLS_ENGINE", "jdk", "AMBASSADOR_READY_REQUIRES_TARGET", "false")), new SimpleMeterRegistry());
             SSLSocket client = pki.connect(server.port(), null, "TLSv1.3")) {
            client.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            client.shutdownOutput(); // close_notify + FIN, while the ambassador's connect waits in the queue
            Thread.sleep(300);
            app.accept().close(); // the fillers: frees the queue; the ambassador's SYN is retried
            app.accept().close();
            try (Socket fromProxy = app.accept()) {
                fromProxy.setSoTimeout(20_000);
                assertEquals("request", new String(fromProxy.getInputStream().readAllBytes(), StandardCharsets.US_ASCII),
                        "the request, then FIN");
                fromProxy.getOutputStream().write("answer".getBytes(StandardCharsets.US_ASCII));
            }
            assertEquals("answer", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    /** Server mode: the client sends close_notify after its request and keeps reading the app's whole answer. */
    @ParameterizedTest
    @EnumSource(value = AmbassadorConfig.Engine.class, names = {"JDK"}) // Netty's OpenSSL engine answers close_notify with its own
    void shouldSendTheWholeResponseToAClientThatSentCloseNotify(AmbassadorConfig.Engine engine) throws Exception {
        CompletableFuture<byte[]> appReceived = new CompletableFuture<>();
        try (var app = new Backends.Tcp((in, out) -> {
                 try {
                     appReceived.complete(in.readAllBytes()); // until the FIN the proxy relays
                     Thread.sleep(100);
                     out.write(BIG);
                 } catch (IOException | InterruptedException e) {
                     throw new RuntimeException(e);
                 }
             });
             var server = AmbassadorServer.start(AmbassadorConfig.fromEnv(pki.serverEnv(app.port(),
                     "AMBASSADOR_TLS_ENGINE", engine.name().toLowerCase(), "AMBASSADOR_READY_REQUIRES_TARGET", "false")), new SimpleMeterRegistry());
             SSLSocket client = pki.connect(server.port(), null, "TLSv1.3")) {
            client.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            client.shutdownOutput(); // close_notify (+ FIN), reading side stays open
            assertEquals("request", new String(appReceived.get(20, TimeUnit.SECONDS), StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            assertArrayEquals(BIG, in.readAllBytes());
        }
    }
}
