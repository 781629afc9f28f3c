package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.github.dockerjava.api.model.Network.Ipam;
import dev.sidecars.common.testing.OpenSsl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Each example pod run from its manifest with {@link ManifestPod}, asserting what its README
 * promises. App images are busybox stand-ins ({@link ExampleStandIns}, printed before the run);
 * Services the pods call are stand-in containers on a Docker network under the names the
 * manifests use.
 */
@ExtendWith(RequiresDocker.class)
class ExampleScenariosTest {

    private static final Duration INIT = Duration.ofSeconds(90);
    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path scratch;

    @BeforeAll
    static void printSubstitutions() {
        System.out.println(ExampleStandIns.describe());
    }

    private static Manifest example(String folder) throws IOException {
        return Manifest.load(Manifest.examplesDir().resolve(folder).resolve("pod.yaml"));
    }

    /** A stand-in Service: the stand-in image on the network under the given names, running a command. */
    @SuppressWarnings("resource")
    private static GenericContainer<?> service(Network network, List<String> aliases, String... command) {
        return new GenericContainer<>(ExampleStandIns.image())
                .withNetwork(network)
                .withNetworkAliases(aliases.toArray(String[]::new))
                .withCommand(command);
    }

    /** A network in kubeadm's default Service CIDR (10.96.0.0/12), which the egress examples open. */
    private static Network serviceNetwork() {
        // A run that was killed leaves its network behind, and Docker refuses an overlapping subnet.
        var docker = org.testcontainers.DockerClientFactory.instance().client();
        for (var n : docker.listNetworksCmd().exec()) {
            boolean ours = n.getIpam() != null && n.getIpam().getConfig() != null
                    && n.getIpam().getConfig().stream().anyMatch(c -> "10.96.77.0/24".equals(c.getSubnet()));
            if (ours && (n.getContainers() == null || n.getContainers().isEmpty())) {
                docker.removeNetworkCmd(n.getId()).exec();
            }
        }
        return Network.builder().createNetworkCmdModifier(cmd -> cmd.withIpam(new Ipam()
                .withConfig(new Ipam.Config().withSubnet("10.96.77.0/24")))).build();
    }

    private static void awaitLog(ManifestPod pod, String container, String text) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (pod.stdout(container).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(container + "'s stdout never showed \"" + text + "\"; logs:\n" + pod.logs(container));
    }

    @Test
    void shouldHoldTheAppUntilItsDependenciesAnswer() throws Exception {
        try (Network network = Network.newNetwork();
             ManifestPod pod = new ManifestPod(example("wait-for-dependencies"), Map.of(), network);
             GenericContainer<?> deps = service(network, List.of("orders-db.default.svc.cluster.local", "orders-db", "orders-api"),
                     "sh", "-c", "httpd -p 5432 -h /www && exec httpd -f -p 8080 -h /www")) {
            // The dependencies come up only after config-init has started waiting for them.
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(4000);
                    deps.start();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            pod.start(INIT);
            String waited = pod.logs("wait-for-db");
            assertTrue(waited.contains("waiting for dependency"), "config-init never had to wait:\n" + waited);
            for (String target : List.of("orders-db.default.svc.cluster.local", "orders-db:5432", "orders-api:8080/healthz")) {
                assertTrue(waited.matches("(?s).*dependency is up[^\n]*" + java.util.regex.Pattern.quote(target) + ".*"),
                        target + " never came up in config-init's log:\n" + waited);
            }
            pod.awaitReady(READY);
        }
    }

    @Test
    void shouldMergeTimecheckConfigAndServeHealthAndMetricsFromItsLog() throws Exception {
        try (ManifestPod pod = new ManifestPod(example("timecheck"), Map.of(), null)) {
            pod.start(INIT);
            String merged = Files.readString(pod.volume("config").resolve("appsettings.json"));
            assertTrue(merged.matches("(?s).*\"Environment\"\\s*:\\s*\"TEST\".*"), merged);
            assertTrue(merged.matches("(?s).*\"Password\"\\s*:\\s*\"change-me\".*"), merged);
            assertTrue(merged.matches("(?s).*\"IntervalSeconds\"\\s*:\\s*5.*"), merged);
            pod.awaitReady(READY);
            awaitLog(pod, "logs", "Environment: TEST time check");
            // The tailer is a native sidecar: started after config-init and before the app, and kept running.
            assertTrue(pod.startedAt("logs").isAfter(pod.startedAt("config")) && pod.startedAt("logs").isBefore(pod.startedAt("app")),
                    "start order: config " + pod.startedAt("config") + ", logs " + pod.startedAt("logs") + ", app " + pod.startedAt("app"));
            String first = Files.readAllLines(pod.volume("logs").resolve("timecheck.log")).getFirst();
            assertTrue(pod.stdout("logs").startsWith(first), "the tailer missed the first line " + first + ":\n" + pod.stdout("logs"));
            HttpResponse<String> health = pod.awaitHttp("metrics", 9400, "/health", r -> r.statusCode() == 200, "200", READY);
            assertTrue(health.body().contains("timecheck-log"), health.body());
            pod.awaitHttp("metrics", 9400, "/metrics", r -> r.body().matches("(?s).*\ntimecheck_total [1-9].*"),
                    "timecheck_total > 0", READY);
        }
    }

    @Test
    void shouldHandTheTimecheckAppItsMergedConfigFile() throws Exception {
        try (ManifestPod pod = new ManifestPod(example("timecheck-config"), Map.of(), null)) {
            pod.start(INIT);
            awaitLog(pod, "app", "change-me");
            String printed = pod.stdout("app");
            assertTrue(printed.matches("(?s).*\"Environment\"\\s*:\\s*\"TEST\".*"), printed);
            assertTrue(pod.logs("config").contains("APP_ENVIRONMENT"), pod.logs("config"));
            assertTrue(!pod.logs("config").contains("change-me"), "config-init logged the secret:\n" + pod.logs("config"));
        }
    }

    @Test
    void shouldLetTheNumbersAppReachOnlyItsApiThroughTheProxy() throws Exception {
        try (Network network = serviceNetwork();
             GenericContainer<?> api = service(network, List.of("numbers-api"), "httpd", "-f", "-p", "80", "-h", "/www")
                     .withCreateContainerCmdModifier(cmd -> cmd.withUser("0"));
             ManifestPod pod = new ManifestPod(example("numbers-egress"), Map.of(), network)) {
            api.start();
            pod.start(INIT);
            pod.awaitReady(READY);
            // The app's own env (http_proxy, RngApi__Url) is what busybox wget uses here.
            ExecResult allowed = pod.exec("web", "sh", "-c", "wget -q -O- \"$RngApi__Url\"");
            assertEquals(0, allowed.getExitCode(), allowed.getStderr() + "\negress logs:\n" + pod.logs("egress"));
            assertEquals("42", allowed.getStdout().strip());
            ExecResult denied = pod.exec("web", "wget", "-q", "-O-", "http://example.com/");
            assertTrue(denied.getExitCode() != 0 && denied.getStderr().contains("403"), denied + "\n" + denied.getStderr());
            awaitLog(pod, "egress", "example.com");
            assertTrue(pod.stdout("egress").contains("numbers-api"), pod.stdout("egress"));
        }
    }

    @Test
    void shouldServeElasticsearchOverTlsWithMetricsAndLogs() throws Exception {
        Map<String, byte[]> certificate = certManagerSecret("elasticsearch");
        try (ManifestPod pod = new ManifestPod(example("elasticsearch-tls"), Map.of("elasticsearch-tls", certificate), null)) {
            pod.start(INIT);
            assertEquals(List.of("sysctl"), pod.skipped());
            pod.awaitReady(READY);
            HttpResponse<String> https = https(certificate, pod.hostPort(9200), "/_cluster/health");
            assertEquals(200, https.statusCode());
            assertTrue(https.body().contains("\"status\":\"green\""), https.body());
            assertTrue(plainHttpFails(pod.hostPort(9200)), "plain HTTP on the TLS port got an HTTP answer");
            awaitLog(pod, "logs", "stand-in started");
            pod.awaitHttp("metrics", 9400, "/health", r -> r.statusCode() == 200, "200", READY);
            HttpResponse<String> metrics = pod.awaitHttp("metrics", 9400, "/metrics", r -> r.body().contains("es_cluster_status"),
                    "es_cluster_status", READY);
            assertTrue(metrics.body().contains("es_cluster_status{color=\"green\"} 1"), metrics.body());
            assertOpenSslEngine(pod);
        }
    }

    /** The ambassador (container "tls", admin on 9901) terminates TLS with BoringSSL on its read-only root. */
    private static void assertOpenSslEngine(ManifestPod pod) throws Exception {
        HttpResponse<String> admin = pod.awaitHttp("tls", 9901, "/metrics", r -> r.body().contains("ambassador_info{"),
                "ambassador_info", READY);
        assertTrue(admin.body().contains("ambassador_info{engine=\"openssl\""), admin.body());
        assertFalse(pod.logs("tls").contains("\"level\":\"WARN\""), pod.logs("tls"));
    }

    @Test
    void shouldRunAllFiveImagesInOnePodWithoutPortCollisions() throws Exception {
        Map<String, byte[]> certificate = certManagerSecret("localhost");
        try (Network network = serviceNetwork();
             GenericContainer<?> api = service(network, List.of("numbers-api"), "httpd", "-f", "-p", "80", "-h", "/www")
                     .withCreateContainerCmdModifier(cmd -> cmd.withUser("0"));
             ManifestPod pod = new ManifestPod(example("all-in-one"), Map.of("legacy-app-tls", certificate), network)) {
            api.start();
            pod.start(INIT);
            pod.awaitReady(READY);
            HttpResponse<String> https = https(certificate, pod.hostPort(8443), "/config.json");
            assertEquals(200, https.statusCode(), https.body());
            assertTrue(https.body().contains("hello from the demo"), https.body());
            awaitLog(pod, "logs", "legacy-app served request");
            pod.awaitHttp("metrics", 9400, "/health", r -> r.statusCode() == 200, "200", READY);
            pod.awaitHttp("metrics", 9400, "/metrics", r -> r.body().contains("legacy_requests_total 7"), "legacy_requests_total 7", READY);
            ExecResult routed = pod.exec("app", "wget", "-q", "-O-", "http://localhost/api");
            assertEquals("42", routed.getStdout().strip(), routed.getStderr() + "\n" + pod.logs("egress"));
            assertOpenSslEngine(pod);
            ExecResult denied = pod.exec("app", "wget", "-q", "-O-", "http://example.com/");
            assertTrue(denied.getStderr().contains("403"), denied.getStderr());
            // Every container ran under its manifest's memory limit (config-init's is 192Mi);
            // ManifestPod.close() fails the test if the kernel killed one for exceeding it.
            assertEquals(192L << 20, pod.enforcedMemoryLimit("config"));
        }
    }

    /** What cert-manager would put into the Certificate's Secret: tls.crt, tls.key, ca.crt. */
    private Map<String, byte[]> certManagerSecret(String name) throws IOException {
        OpenSsl openssl = new OpenSsl(Files.createDirectories(scratch.resolve("openssl-" + name)));
        OpenSsl.Pair ca = openssl.ca("example-ca");
        OpenSsl.Pair leaf = name.equals("localhost")
                ? openssl.leaf(ca, name, OpenSsl.KeyFormat.EC_PKCS8, "DNS:localhost")
                : openssl.leaf(ca, name, OpenSsl.KeyFormat.EC_PKCS8, "DNS:" + name, "DNS:localhost");
        return Map.of("tls.crt", Files.readAllBytes(leaf.cert()), "tls.key", Files.readAllBytes(leaf.key()),
                "ca.crt", Files.readAllBytes(ca.cert()));
    }

    private static HttpResponse<String> https(Map<String, byte[]> secret, int port, String path) throws Exception {
        SSLContext tls = OpenSsl.trustingContext(secret.get("ca.crt"));
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static boolean plainHttpFails(int port) throws InterruptedException {
        try {
            HttpResponse<String> r = PodContainer.get(port, "/_cluster/health");
            return !r.body().contains("green");
        } catch (IOException e) {
            return true;
        }
    }
}
