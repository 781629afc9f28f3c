package dev.sidecars.adapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.Drainable;
import dev.sidecars.common.admin.HttpListener;
import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.log.Log;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/** The data-plane listener: routes each configured path to its endpoint; GET and HEAD only. */
final class AdapterServer implements Drainable, AutoCloseable {

    private static final Log log = Log.get(AdapterServer.class);

    private final Vertx vertx;
    private final Map<String, Endpoint> endpoints;
    private final Map<String, Counter> requests = new LinkedHashMap<>();
    private final Counter notFound;
    private HttpServer server;

    AdapterServer(Vertx vertx, Map<String, Endpoint> endpoints, MeterRegistry registry) {
        this.vertx = vertx;
        this.endpoints = Map.copyOf(endpoints);
        for (String path : endpoints.keySet()) {
            requests.put(path, counter(registry, path));
        }
        this.notFound = counter(registry, "other");
    }

    private static Counter counter(MeterRegistry registry, String path) {
        return Counter.builder("adapter_requests").description("Requests to the adapted endpoints, by path")
                .tag("path", path).register(registry);
    }

    /** Binds or throws {@link StartupException} with the address and the reason. */
    AdapterServer start(HostPort address) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(address.host())
                .setPort(address.port())
                .setIdleTimeout(60)
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(8192);
        server = HttpListener.bind(vertx, options, this::route, "the adapted endpoints (ADAPTER_LISTEN)");
        log.info("listening", "address", new HostPort(address.host(), server.actualPort()).toString(),
                "paths", List.copyOf(endpoints.keySet()));
        return this;
    }

    int port() {
        return server.actualPort();
    }

    boolean isListening() {
        return server != null;
    }

    private void route(HttpServerRequest request) {
        Endpoint endpoint = endpoints.get(request.path());
        if (endpoint == null) {
            notFound.increment();
            Responses.json(request, 404, Map.of("error", "not found", "paths", List.copyOf(endpoints.keySet())));
            return;
        }
        requests.get(request.path()).increment();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().putHeader("Allow", "GET, HEAD");
            Responses.json(request, 405, Map.of("error", "method not allowed"));
            return;
        }
        endpoint.handle(request);
    }

    @Override
    public String name() {
        return "adapter listener";
    }

    @Override
    public CompletionStage<Void> drain() {
        // shutdown stops accepting and lets in-flight requests finish; the lifecycle's deadline bounds it
        return server.shutdown(25, TimeUnit.SECONDS).toCompletionStage();
    }

    @Override
    public void forceClose() {
        server.close();
    }

    @Override
    public void close() {
        HttpListener.close(server, "listener");
    }
}
