package dev.sidecars.egress;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoop;

/** An egress proxy started in-process on port 0, with the test's names and a captured decision log. */
final class RunningProxy implements AutoCloseable {

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ByteArrayOutputStream decisions = new ByteArrayOutputStream();
    final EgressServer server;

    RunningProxy(Map<String, String> env, Map<String, List<InetAddress>> names) {
        this(config(env), config -> loop -> new TestResolver(loop, names));
    }

    /** The production resolver (Netty DNS, /etc/hosts first). */
    RunningProxy(Map<String, String> env) {
        this(config(env), config -> loop -> new DnsResolver(loop, config.dnsTimeout()));
    }

    private RunningProxy(EgressConfig config, Function<EgressConfig, Function<EventLoop, DestinationResolver>> resolvers) {
        server = EgressServer.start(config, registry, resolvers.apply(config),
                new PrintStream(decisions, true, StandardCharsets.UTF_8));
    }

    private static EgressConfig config(Map<String, String> env) {
        Map<String, String> full = new HashMap<>(env);
        full.putIfAbsent("EGRESS_LISTEN", "127.0.0.1:0");
        return EgressConfig.fromEnv(full);
    }

    /** Waits until the scrape contains {@code text} (gauges follow closes asynchronously) and returns it. */
    String awaitScrape(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String scrape = registry.scrape();
        while (!scrape.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            scrape = registry.scrape();
        }
        return scrape;
    }

    int port() {
        return server.port();
    }

    String proxyUrl() {
        return "http://127.0.0.1:" + port();
    }

    HttpClient client() {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port())))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The decision lines written so far. */
    List<String> decisions() {
        String text = decisions.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    /** Waits until at least {@code count} decision lines have been written (they follow the response). */
    List<String> awaitDecisions(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (decisions().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return decisions();
    }

    @Override
    public void close() {
        server.close();
        registry.close();
    }
}
