package dev.sidecars.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.github.dockerjava.api.model.Network.Ipam;
import dev.sidecars.common.testing.OpenSsl;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * {@code ./demo.sh}: runs examples/all-in-one as a pod with {@link ManifestPod}, its ports on the
 * same ports of 127.0.0.1, prints what to try, and removes everything on Ctrl-C.
 */
public final class ExampleDemo {

    private ExampleDemo() {
    }

    @SuppressWarnings("resource")
    public static void main(String[] args) throws Exception {
        Path scratch = Files.createTempDirectory("sidecars-demo-");
        OpenSsl openssl = new OpenSsl(scratch);
        OpenSsl.Pair ca = openssl.ca("demo-ca");
        OpenSsl.Pair leaf = openssl.leaf(ca, "localhost", OpenSsl.KeyFormat.EC_PKCS8, "DNS:localhost");
        Files.copy(ca.cert(), scratch.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, byte[]> tls = Map.of("tls.crt", Files.readAllBytes(leaf.cert()), "tls.key", Files.readAllBytes(leaf.key()),
                "ca.crt", Files.readAllBytes(ca.cert()));

        Network network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withIpam(new Ipam()
                .withConfig(new Ipam.Config().withSubnet("10.96.78.0/24")))).build();
        GenericContainer<?> api = new GenericContainer<>(ExampleStandIns.image()).withNetwork(network)
                .withNetworkAliases("numbers-api").withCommand("httpd", "-f", "-p", "80", "-h", "/www")
                .withCreateContainerCmdModifier(cmd -> cmd.withUser("0"));
        ManifestPod pod = new ManifestPod(Manifest.load(Manifest.examplesDir().resolve("all-in-one/pod.yaml")),
                Map.of("legacy-app-tls", tls), network).publishOnSamePorts();
        // Ctrl-C: the hook wakes main, which removes the pod, and waits for it to finish.
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch cleaned = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            interrupted.countDown();
            try {
                cleaned.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            System.out.println("demo: starting the pod (config-init, then egress + log-tailer, then app, tls-ambassador, metrics-adapter)…");
            api.start();
            pod.start(Duration.ofSeconds(90));
            pod.awaitReady(Duration.ofSeconds(90));
            System.out.println("""

                    demo: the pod is ready. Try:

                      curl --cacert %1$s https://localhost:8443/config.json   # the merged config, through the TLS ambassador
                      curl localhost:9400/health                                 # metrics-adapter: health from the app's /metrics
                      curl localhost:9400/metrics                                # metrics-adapter: the app's JSON as Prometheus text
                      curl localhost:9901/metrics                                # any admin port 9901-9904: /healthz /readyz /metrics
                      docker logs -f %2$s   # log-tailer: the app's log file
                      docker logs -f %3$s   # egress-proxy: one decision per request
                      docker exec %4$s wget -q -O- http://localhost/api      # allowed: routed to numbers-api
                      docker exec %4$s wget -q -O- http://example.com/       # denied: 403

                    Ctrl-C stops and removes everything.
                    """.formatted(scratch.resolve("ca.crt"), pod.dockerName("logs"), pod.dockerName("egress"), pod.dockerName("app")));
            interrupted.await();
        } catch (Exception e) {
            System.out.println("demo: " + e.getMessage());
        } finally {
            System.out.println("\ndemo: stopping the pod…");
            quietly(pod);
            quietly(api::stop);
            quietly(network);
            cleaned.countDown();
        }
    }

    /** Testcontainers' own shutdown hook may have removed a container already: nothing to report then. */
    private static void quietly(AutoCloseable step) {
        try {
                step.close();
            } catch (Exception e) {
                if (!String.valueOf(e.getMessage()).contains("No such container")) {
                    System.out.println("demo: cleanup: " + e.getMessage());
                }
            }
        }
    }
