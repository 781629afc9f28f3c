package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import dev.sidecars.common.testing.OpenSsl;
import dev.sidecars.common.testing.SecretVolume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built tls-ambassador image in a "pod" with an app on 127.0.0.1 and a mounted kubernetes.io/tls
 * Secret volume; real clients (curl, openssl s_client) talk TLS to it from the host, as a Service would.
 */
@ExtendWith(RequiresDocker.class)
class TlsAmbassadorImageTest {

    // Not the defaults: other images' tests run on this machine at the same time.
    private static final int TLS_PORT = 28443;
    private static final int ADMIN_PORT = 29901;

    @TempDir
    Path certs;

    /**
     * testssl.sh (Debian package testssl.sh) against the image: every finding rated MEDIUM or worse fails,
     * except the ones that come from the per-run test CA (not a public chain, no CRL/OCSP).
     */
    @Test
    void shouldPassTestsslWithNoFindingWorseThanLow() throws Exception {
        Path testssl = Path.of("/usr/bin/testssl");
        if (!Files.isExecutable(testssl)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("testssl (Debian package testssl.sh) is missing; CI=true must not skip this test");
            }
            org.junit.jupiter.api.Assumptions.abort("testssl not installed (Debian package testssl.sh)");
        }
        withPod((ca, ambassador) -> {
            Path json = certs.resolve("testssl.json");
            run(testssl.toString(), "--quiet", "--color", "0", "--warnings", "off", "--severity", "MEDIUM",
                    "--jsonfile", json.toString(), "127.0.0.1:" + TLS_PORT);
            String findings = Files.readString(json);
            List<String> bad = new java.util.ArrayList<>();
            var finding = java.util.regex.Pattern.compile("\\{[^{}]*\\}").matcher(findings);
            while (finding.find()) {
                String f = finding.group().replaceAll("\\s+", " ");
                if (f.contains("\"severity\"") && ACCEPTED.stream().noneMatch(f::contains)) {
                    bad.add(f);
                }
            }
            assertTrue(bad.isEmpty(), "testssl findings worse than LOW:\n" + String.join("\n", bad));
        });
    }

    /**
     * Accepted, as docs/tls-ambassador.md ("Checked with testssl.sh") explains: the first four come from the per-run
     * test CA (untrusted chain, a 2-day certificate, no CRL/OCSP); security headers such as HSTS are the
     * app's to send, and this test's app sends none. {@code engine_problem} is testssl's note about the
     * machine's own {@code openssl} (Debian's 3.0.19 build has no GOST engine), about no server at all.
     */
    private static final List<String> ACCEPTED = List.of("\"cert_chain_of_trust\"", "\"cert_notAfter\"", "\"cert_expirationStatus\"",
            "\"cert_revocation\"", "\"security_headers\"", "\"engine_problem\"");

    @FunctionalInterface
    private interface PodCheck {
        void check(OpenSsl.Pair ca, PodContainer ambassador) throws Exception;
    }

    @Test
    void shouldTerminateTlsForAnAppOnLoopbackWithTheSecretsCertificate() throws Exception {
        withPod((ca, ambassador) -> {
            String https = run("curl", "-sS", "--max-time", "10", "--cacert", ca.cert().toString(),
                    "https://localhost:" + TLS_PORT + "/");
            assertEquals("hello from the app, proto=https\n", https, ambassador.logs());

            String plain = run("curl", "-sS", "--max-time", "10", "-i", "http://127.0.0.1:" + TLS_PORT + "/");
            assertTrue(plain.startsWith("HTTP/1.1 400") && plain.contains("plain HTTP request was sent to HTTPS port"), plain);

            String s = run("openssl", "s_client", "-connect", "127.0.0.1:" + TLS_PORT, "-CAfile", ca.cert().toString(),
                    "-verify_return_error", "-verify_hostname", "localhost", "-brief", "-tls1_2");
            assertTrue(s.contains("Verification: OK") && s.contains("GCM"), s);

            String metrics = PodContainer.get(ADMIN_PORT, "/metrics").body();
            assertTrue(metrics.contains("ambassador_handshakes_total{cipher="), metrics);
            assertTrue(metrics.contains("tls_certificate_not_after_seconds{name=\"server\"}"), metrics);
            // A pod's read-only root: BoringSSL comes from the image's /app/native, never a temporary copy.
            assertTrue(ambassador.inspect().getHostConfig().getReadonlyRootfs(), "the pod's root file system is read-only");
            assertTrue(metrics.contains("ambassador_info{engine=\"openssl\",mode=\"server\",protocol=\"http\"} 1"), metrics);
            assertTrue(ambassador.stderr().contains("\"engine\":\"openssl\""), ambassador.stderr());
            assertFalse(ambassador.stderr().contains("\"level\":\"WARN\""), ambassador.stderr());

            ambassador.kill("SIGTERM");
            assertEquals(0, ambassador.awaitExit(Duration.ofSeconds(30)), ambassador.logs());
            // Diagnostics are JSON lines only: no JVM warning (BoringSSL is loaded natively) in the stream.
            List<String> notJson = ambassador.stderr().lines().filter(l -> !l.startsWith("{")).toList();
            assertTrue(notJson.isEmpty(), "stderr lines that are not JSON: " + notJson);
        });
    }

    /** Without its native library, a forced {@code openssl} engine is a start-up failure (69) that says why. */
    @Test
    void shouldRefuseToStartWhenTheForcedOpenSslEngineCannotLoad() throws Exception {
        Path empty = Files.createDirectories(certs.resolve("no-native-library"));
        withPod(0, c -> c.mount(empty, "/app/native", true).env("AMBASSADOR_TLS_ENGINE", "openssl"), false, (ca, ambassador) -> {
            assertEquals(69, ambassador.awaitExit(Duration.ofSeconds(30)), ambassador.logs());
            String logs = ambassador.stderr();
            assertTrue(logs.contains("AMBASSADOR_TLS_ENGINE=openssl, but the OpenSSL engine cannot be loaded: "), logs);
            assertTrue(logs.contains("java.library.path"), "the reason names where it looked: " + logs);
            assertFalse(logs.contains("\\tat "), "no stack trace:\n" + logs);
        });
    }

    /** {@code auto} without the native library falls back to the JDK's engine, but never silently. */
    @Test
    void shouldWarnAndServeWithTheJdkEngineWhenAutoCannotLoadOpenSsl() throws Exception {
        Path empty = Files.createDirectories(certs.resolve("no-native-library"));
        withPod(0, c -> c.mount(empty, "/app/native", true), true, (ca, ambassador) -> {
            String https = run("curl", "-sS", "--max-time", "10", "--cacert", ca.cert().toString(),
                    "https://localhost:" + TLS_PORT + "/");
            assertEquals("hello from the app, proto=https\n", https, ambassador.logs());
            String logs = ambassador.stderr();
            assertTrue(logs.contains("\"level\":\"WARN\"") && logs.contains("the OpenSSL engine cannot be loaded, serving TLS with the JDK's slower engine"), logs);
            String metrics = PodContainer.get(ADMIN_PORT, "/metrics").body();
            assertTrue(metrics.contains("ambassador_info{engine=\"jdk\",mode=\"server\",protocol=\"http\"} 1"), metrics);
        });
    }

    /** A second Secret for api.example.test, chosen by SNI; no or another name gets the default one. */
    @Test
    void shouldChooseTheCertificateByServerNameFromItsOwnSecret() throws Exception {
        withPod((ca, ambassador) -> {
            String api = run("curl", "-sS", "--max-time", "10", "--cacert", ca.cert().toString(),
                    "--resolve", "api.example.test:" + TLS_PORT + ":127.0.0.1", "https://api.example.test:" + TLS_PORT + "/");
            assertEquals("hello from the app, proto=https\n", api, ambassador.logs());

            String s = run("openssl", "s_client", "-connect", "127.0.0.1:" + TLS_PORT, "-servername", "api.example.test",
                    "-CAfile", ca.cert().toString(), "-verify_return_error", "-verify_hostname", "api.example.test");
            assertTrue(s.contains("CN = api-by-sni") && s.contains("Verify return code: 0 (ok)"), s);
            String fallback = run("openssl", "s_client", "-connect", "127.0.0.1:" + TLS_PORT, "-servername", "other.example.test");
            assertTrue(fallback.contains("CN = localhost"), fallback);

            String metrics = PodContainer.get(ADMIN_PORT, "/metrics").body();
            assertTrue(metrics.contains("ambassador_sni_selections_total{match=\"exact\"}"), metrics);
        });
    }

    /**
     * Bounded memory under hostile clients, in the image under a pod-like memory limit (192 MiB, below
     * the Elasticsearch example's 320Mi): a full-handshake flood, random bytes, handshakes that stop
     * half-way and stay open, and a slowloris trickle, all at once. The container must not be
     * killed for its limit, and a real client must be served during and after.
     */
    @Test
    void shouldServeRealClientsThroughHostileLoadWithinItsMemoryLimit() throws Exception {
        withPod(192L << 20, (ca, ambassador) -> {
            javax.net.ssl.SSLSocketFactory tls = ca.trustingContext().getSocketFactory();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(24);
            List<java.net.Socket> held = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger handshakes = new java.util.concurrent.atomic.AtomicInteger();
            List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 800; i++) { // full handshakes, closed at once
                    work.add(pool.submit(() -> {
                        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.createSocket("127.0.0.1", TLS_PORT)) {
                            s.setSoTimeout(20_000);
                            s.startHandshake();
                            handshakes.incrementAndGet();
                        }
                        return null;
                    }));
                }
                java.util.Random random = new java.util.Random(42);
                for (int i = 0; i < 200; i++) { // random bytes, then close
                    byte[] junk = new byte[16 * 1024];
                    random.nextBytes(junk);
                    work.add(pool.submit(() -> {
                        try (java.net.Socket s = new java.net.Socket("127.0.0.1", TLS_PORT)) {
                            s.getOutputStream().write(junk);
                        } catch (IOException closedByTheProxy) {
                            // expected: it is not TLS
                        }
                        return null;
                    }));
                }
                // A TLS record header announcing a 16 KiB ClientHello, then 100 bytes of it: held open.
                byte[] partial = new byte[105];
                partial[0] = 0x16;
                partial[1] = 0x03;
                partial[2] = 0x01;
                partial[3] = 0x40;
                for (int i = 0; i < 300; i++) {
                    java.net.Socket s = new java.net.Socket("127.0.0.1", TLS_PORT);
                    s.getOutputStream().write(partial);
                    held.add(s);
                }
                for (int i = 0; i < 100; i++) { // slowloris: handshake, then a request header a byte at a time
                    javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.createSocket("127.0.0.1", TLS_PORT);
                    s.startHandshake();
                    held.add(s);
                }
                byte[] header = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
                for (int round = 0; round < 10; round++) {
                    for (java.net.Socket s : held) {
                        if (s instanceof javax.net.ssl.SSLSocket) {
                            try {
                                s.getOutputStream().write(header[round % header.length]);
                                s.getOutputStream().flush();
                            } catch (IOException closed) {
                                // closed by a timeout: fine
                            }
                        }
                    }
                    String during = run("curl", "-sS", "--max-time", "20", "--cacert", ca.cert().toString(),
                            "https://localhost:" + TLS_PORT + "/");
                    assertEquals("hello from the app, proto=https\n", during, "round " + round + "; " + ambassador.logs());
                    Thread.sleep(300);
                }
                for (java.util.concurrent.Future<?> f : work) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                for (java.net.Socket s : held) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }
            assertEquals(800, handshakes.get());
            assertTrue(ambassador.isRunning(), ambassador.logs());
            assertTrue(!ambassador.killedForMemory(), "killed for its 192 MiB limit");
            String after = run("curl", "-sS", "--max-time", "10", "--cacert", ca.cert().toString(), "https://localhost:" + TLS_PORT + "/");
            assertEquals("hello from the app, proto=https\n", after, ambassador.logs());
            String metrics = PodContainer.get(ADMIN_PORT, "/metrics").body();
            assertTrue(metrics.contains("reason=\"not_tls\""), metrics);
        });
    }

    private void withPod(PodCheck check) throws Exception {
        withPod(0, c -> { }, true, check);
    }

    private void withPod(long memoryLimit, PodCheck check) throws Exception {
        withPod(memoryLimit, c -> { }, true, check);
    }

    /**
     * @param memoryLimit bytes, 0 for none
     * @param customize   changes to the ambassador's container before it starts
     * @param awaitReady  whether to wait for {@code /readyz} before the check (not for a start that must fail)
     */
    private void withPod(long memoryLimit, java.util.function.Consumer<PodContainer> customize, boolean awaitReady,
                         PodCheck check) throws Exception {
        OpenSsl openssl = new OpenSsl(certs);
        OpenSsl.Pair ca = openssl.ca("pod-ca");
        OpenSsl.Pair leaf = openssl.leaf(ca, "localhost", OpenSsl.KeyFormat.EC_PKCS8);
        OpenSsl.Pair api = openssl.leaf(ca, "api-by-sni", OpenSsl.KeyFormat.RSA_PKCS8, "DNS:api.example.test");
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        app.createContext("/", exchange -> {
            byte[] body = ("hello from the app, proto=" + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto") + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        app.start();
        try (Pod pod = new Pod("tls-ambassador")) {
            Path tls = pod.emptyDir("tls");
            new SecretVolume(tls).publish(leaf.cert(), leaf.key());
            Path tlsApi = pod.emptyDir("tls-api");
            new SecretVolume(tlsApi).publish(api.cert(), api.key());
            // The kubelet writes Secret files with defaultMode 0644; openssl made the key 0600 for root.
            for (Path volume : List.of(tls, tlsApi)) {
                try (var files = Files.walk(volume)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            PodContainer ambassador = pod.container("tls-ambassador", Images.TLS_AMBASSADOR)
                    .mount(tls, "/etc/tls", true)
                    .mount(tlsApi, "/etc/tls-api", true)
                    .env("AMBASSADOR_TLS_DIR", "/etc/tls")
                    .env("AMBASSADOR_TLS_SNI_DIRS", "/etc/tls-api")
                    .env("AMBASSADOR_LISTEN", ":" + TLS_PORT)
                    .env("AMBASSADOR_ADMIN_LISTEN", "127.0.0.1:" + ADMIN_PORT)
                    .env("AMBASSADOR_TARGET", "127.0.0.1:" + app.getAddress().getPort())
                    .env("AMBASSADOR_PROTOCOL", "http");
            if (memoryLimit > 0) {
                ambassador.memoryLimit(memoryLimit);
            }
            customize.accept(ambassador);
            pod.start(Duration.ofSeconds(30));
            if (awaitReady) {
                ambassador.awaitHttpOk(ADMIN_PORT, "/readyz", Duration.ofSeconds(30));
            }
            check.check(ca, ambassador);
        } finally {
            app.stop(0);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " hung");
        return out;
    }
}
