package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import dev.sidecars.common.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

/**
 * The egress-proxy image in a pod: a busybox "app" with {@code http_proxy} pointing at it reaches
 * the allowed upstream and is refused everywhere else, and every attempt is a JSON line on the
 * proxy's stdout, which is what {@code kubectl logs} shows.
 */
@ExtendWith(RequiresDocker.class)
class EgressProxyImageTest {

    private static final Duration START = Duration.ofSeconds(30);

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The "external API": on loopback, which the proxy denies unless opened, so the test opens exactly it. */
    private static HttpServer upstream() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            byte[] body = ("numbers says 42 for " + exchange.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    @Test
    void shouldLetTheAppReachOnlyTheAllowedUpstreamAndLogEveryAttempt() throws Exception {
        int listen = freePort();
        int admin = freePort();
        HttpServer api = upstream();
        int apiPort = api.getAddress().getPort();
        try (Pod pod = new Pod("egress-proxy")) {
            PodContainer proxy = pod.container("egress", Images.EGRESS_PROXY)
                    .env("EGRESS_LISTEN", "127.0.0.1:" + listen)
                    .env("EGRESS_ADMIN_LISTEN", "127.0.0.1:" + admin)
                    // "localhost" goes through the image's resolver (/etc/hosts) like any name would.
                    .env("EGRESS_ALLOW", "localhost:" + apiPort)
                    .env("EGRESS_ALLOW_CIDRS", "127.0.0.1/32")
                    .env("EGRESS_ROUTES", "http://localhost/api=http://localhost:" + apiPort + "/rng");
            pod.start(START);
            proxy.awaitHttpOk(admin, "/readyz", START);

            String script = String.join("; ",
                    "wget -q -O - http://localhost:" + apiPort + "/allowed && echo allowed-ok",
                    "wget -q -O - http://localhost/api/7 && echo route-ok",
                    "wget -q -O - http://169.254.169.254/latest/meta-data/ || echo metadata-refused",
                    "wget -q -O - http://127.0.0.2:" + apiPort + "/other || echo other-refused");
            String appOutput;
            try (GenericContainer<?> app = new GenericContainer<>(BusyboxApp.image())
                    .withNetworkMode("host")
                    .withEnv("http_proxy", "http://127.0.0.1:" + listen)
                    .withCommand(BusyboxApp.BUSYBOX, "sh", "-c", script)
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
                app.start();
                appOutput = app.getLogs();
            }

            assertTrue(appOutput.contains("numbers says 42 for /allowed") && appOutput.contains("allowed-ok"), appOutput);
            assertTrue(appOutput.contains("numbers says 42 for /rng/7") && appOutput.contains("route-ok"), appOutput);
            assertTrue(appOutput.contains("metadata-refused") && appOutput.contains("other-refused"), appOutput);
            assertTrue(appOutput.contains("403"), "busybox wget shows the proxy's status: " + appOutput);

            List<String> decisions = awaitDecisionLines(proxy, 4);
            assertTrue(decisions.stream().anyMatch(l -> l.contains("\"decision\":\"allow\"") && l.contains("\"host\":\"localhost\"")
                    && l.contains("\"address\":\"127.0.0.1\"")), decisions.toString());
            assertTrue(decisions.stream().anyMatch(l -> l.contains("\"route\":\"/api\"")), decisions.toString());
            assertTrue(decisions.stream().anyMatch(l -> l.contains("\"host\":\"169.254.169.254\"") && l.contains("\"decision\":\"deny\"")),
                    decisions.toString());
            assertTrue(proxy.stderr().lines().noneMatch(l -> l.contains("\"type\":\"egress\"")), "decisions go to stdout only");

            HttpResponse<String> metrics = PodContainer.get(admin, "/metrics");
            assertTrue(metrics.body().contains("egress_requests_total{decision=\"deny\",kind=\"http\",reason=\"not-allowed\"} 2.0"),
                    metrics.body());
            Promtool.assertValid(metrics.body());

            proxy.kill("SIGTERM");
            assertEquals(0, proxy.awaitExit(Duration.ofSeconds(30)), proxy.stderr());
        } finally {
            api.stop(0);
        }
    }

    private static List<String> awaitDecisionLines(PodContainer proxy, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = proxy.stdout().lines().filter(l -> l.contains("\"type\":\"egress\"")).toList();
            if (lines.size() >= count) {
                return lines;
            }
            Thread.sleep(200);
        }
        return lines;
    }
}
