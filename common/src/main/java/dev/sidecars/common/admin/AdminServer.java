package dev.sidecars.common.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.log.Json;
import dev.sidecars.common.log.Log;
import dev.sidecars.common.log.Reasons;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The admin endpoints every long-running image serves on its own port:
 * {@code /healthz} (liveness), {@code /readyz} (readiness, 503 with the failing checks) and
 * {@code /metrics} (Prometheus text, or OpenMetrics when the scraper asks for it).
 */
public final class AdminServer implements AutoCloseable {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static final Log log = Log.get(AdminServer.class);

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;
    private HttpServer server;

    public AdminServer(Vertx vertx, PrometheusMeterRegistry registry, Readiness readiness) {
        this.vertx = vertx;
        this.registry = registry;
        this.readiness = readiness;
    }

    /** Binds or throws {@link StartupException} with the address and the reason. */
    public AdminServer start(HostPort address) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(address.host())
                .setPort(address.port())
                .setIdleTimeout(30)
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(1024)
                .setMaxHeaderSize(8192);
        server = HttpListener.bind(vertx, options, this::handle, "the admin server");
        log.info("admin server listening", "address", new HostPort(address.host(), server.actualPort()).toString());
        return this;
    }

    public int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
            return;
        }
        switch (request.path()) {
            case "/healthz" -> respondJson(request, 200, Map.of("status", "ok"));
            case "/readyz" -> readyz(request);
            case "/metrics" -> metrics(request);
            default -> respondJson(request, 404, Map.of("error", "not found", "paths", List.of("/healthz", "/readyz", "/metrics")));
        }
    }

    private void readyz(HttpServerRequest request) {
        vertx.executeBlocking(readiness::evaluate).onComplete(ar -> {
            if (ar.failed()) {
                respondJson(request, 503, Map.of("status", "not ready", "failing", List.of(Map.of("check", "readiness", "reason", Reasons.of(ar.cause())))));
                return;
            }
            List<Map<String, Object>> failing = ar.result().stream()
                    .filter(r -> !r.result().healthy())
                    .map(r -> Map.<String, Object>of("check", r.name(), "reason", r.result().reason()))
                    .toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", failing.isEmpty() ? "ready" : "not ready");
            body.put("checks", ar.result().stream().map(r -> r.name()).toList());
            body.put("failing", failing);
            respondJson(request, failing.isEmpty() ? 200 : 503, body);
        });
    }

    private void metrics(HttpServerRequest request) {
        String accept = request.getHeader("Accept");
        String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        vertx.executeBlocking(() -> registry.scrape(contentType)).onComplete(ar -> {
            if (ar.failed()) {
                respondJson(request, 500, Map.of("error", "scrape failed: " + Reasons.of(ar.cause())));
                return;
            }
            request.response().setStatusCode(200).putHeader("Content-Type", contentType).end(ar.result());
        });
    }

    private static void respondJson(HttpServerRequest request, int status, Map<String, ?> body) {
        request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(Json.write(body) + "\n");
    }

    @Override
    public void close() {
        HttpListener.close(server, "admin server");
    }
}
