package dev.sidecars.adapter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The app next to the adapter, on 127.0.0.1 port 0: healthy, failing, slow, garbage and JSON stats
 * paths, with a request count per path. {@code /held} answers only once {@link #release()} is called;
 * {@code /delayed/*} answers the stats after {@link #delay(long)}.
 */
final class FakeApp implements AutoCloseable {

    static final String STATS = """
            {"cluster_name": "prod", "status": "yellow", "number_of_nodes": 3,
             "indices": {"logs-1": {"docs": {"count": 10}}, "metrics": {"docs": {"count": 20}}}}
            """;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile String stats = STATS;
    private volatile long delayMillis;

    FakeApp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            if (path.startsWith("/delayed/")) {
                sleep(delayMillis);
                respond(exchange, 200, "application/json", stats);
                return;
            }
            switch (path) {
                case "/metrics" -> respond(exchange, 200, "text/plain; version=0.0.4", "app_up 1\n");
                case "/fail" -> respond(exchange, 500, "text/plain", "boom\n");
                case "/slow" -> {
                    await(closing, 10);
                    respond(exchange, 200, "text/plain", "late\n");
                }
                case "/held" -> {
                    await(released, 10);
                    respond(exchange, 200, "text/plain", "released\n");
                }
                case "/garbage" -> respond(exchange, 200, "application/json", "{\"status\": gre");
                case "/stats" -> respond(exchange, 200, "application/json", stats);
                case "/prom" -> respond(exchange, 200, "text/plain; version=0.0.4", PromTextFilterTest.APP);
                case "/huge" -> respond(exchange, 200, "application/json", "[" + "1,".repeat(5000) + "1]");
                default -> respond(exchange, 404, "text/plain", "not found\n");
            }
        }
    }

    private static void await(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the adapter gave up (timeout) and closed the connection: expected for /slow
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    int requests(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    void stats(String json) {
        stats = json;
    }

    /** How long {@code /delayed/*} takes before answering the stats. */
    void delay(long millis) {
        delayMillis = millis;
    }

    void release() {
        released.countDown();
    }

    @Override
    public void close() {
        closing.countDown();
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
