package dev.sidecars.adapter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * Builds the adapter from its config: clients, checks, endpoints and the listener. Tests call
 * {@link #start} with a config and a port-0 address, exactly as {@code main} does.
 */
final class Adapter implements AutoCloseable {

    private final Upstream upstream;
    private final NetClient netClient;
    private final AdapterServer server;
    private final List<LogEndpoint> logs;

    private Adapter(Upstream upstream, NetClient netClient, AdapterServer server, List<LogEndpoint> logs) {
        this.upstream = upstream;
        this.netClient = netClient;
        this.server = server;
        this.logs = logs;
    }

    static Adapter start(AdapterConfig config, Vertx vertx, MeterRegistry registry) {
        Upstream upstream = new Upstream(vertx, config.maxBody(), registry);
        NetClient netClient = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.max(1, config.checkTimeout().toMillis())));
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (Endpoints.Health health : config.endpoints().health()) {
            List<Check> checks = new ArrayList<>();
            for (CheckSpec spec : health.checks()) {
                checks.add(new CoalescingCheck(check(spec, config, vertx, upstream, netClient), config.checkCache(),
                        System::nanoTime, registry));
            }
            endpoints.put(health.path(), new HealthEndpoint(checks));
        }
        for (ForwardSpec forward : config.endpoints().forwards()) {
            endpoints.put(forward.path(), new ForwardEndpoint(forward, config.upstream(), upstream, config.checkTimeout()));
        }
        for (Endpoints.Static answer : config.endpoints().statics()) {
            endpoints.put(answer.path(), new StaticEndpoint(answer));
        }
        for (Endpoints.JsonSource json : config.endpoints().json()) {
            List<String> names = new ArrayList<>();
            List<JsonScraper> scrapers = new ArrayList<>();
            for (Endpoints.Source source : json.sources()) {
                List<String[]> ownLabels = json.labelled() ? List.<String[]>of(new String[] {"source", source.url()}) : List.of();
                names.add(source.url());
                scrapers.add(new JsonScraper(config.upstream().resolve(source.url()), upstream, source.mapping(),
                        source.missing(), config.scrapeTimeout(), ownLabels));
            }
            endpoints.put(json.path(), new PrometheusEndpoint(new SourcesScraper(names, scrapers)));
        }
        for (Endpoints.PromText source : config.endpoints().promText()) {
            endpoints.put(source.path(), new PromTextEndpoint(config.upstream().resolve(source.url()), upstream,
                    new PromTextFilter(source.allow(), source.deny(), source.prefix()), config.scrapeTimeout()));
        }
        List<LogEndpoint> logs = new ArrayList<>();
        for (Endpoints.LogFile source : config.endpoints().logs()) {
            LogEndpoint endpoint = new LogEndpoint(vertx, source, Clock.systemUTC());
            logs.add(endpoint);
            endpoints.put(source.path(), endpoint);
        }
        AdapterServer server = new AdapterServer(vertx, endpoints, registry);
        try {
            server.start(config.listen());
        } catch (RuntimeException e) {
            logs.forEach(LogEndpoint::close);
            upstream.close();
            netClient.close();
            throw e;
        }
        return new Adapter(upstream, netClient, server, List.copyOf(logs));
    }

    private static Check check(CheckSpec spec, AdapterConfig config, Vertx vertx, Upstream upstream, NetClient netClient) {
        var timeout = spec.timeoutOr(config.checkTimeout());
        return switch (spec.kind()) {
            case HTTP -> new HttpCheck(spec, config.upstream().resolve(spec.target()), upstream, timeout);
            case TCP -> new TcpCheck(spec, vertx, netClient, timeout);
            case FILE -> new FileCheck(spec, vertx, timeout, Clock.systemUTC());
        };
    }

    AdapterServer server() {
        return server;
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        logs.forEach(LogEndpoint::close);
        upstream.close();
        netClient.close();
    }
}
