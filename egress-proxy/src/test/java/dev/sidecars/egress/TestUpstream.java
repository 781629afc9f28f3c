package dev.sidecars.egress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a loopback address of the test's choosing (127.0.0.2, 127.0.0.3, ...: Linux
 * routes all of 127/8 to lo), standing in for an "external" API. Records what reached it.
 */
final class TestUpstream implements AutoCloseable {

    /** One request as the upstream received it. */
    record Seen(String method, String path, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
            return values == null ? null : String.join(",", values);
        }
    }

    private final HttpServer server;
    private final String name;
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    TestUpstream(String address, String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().toString();
            seen.add(new Seen(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
            if (path.startsWith("/slow")) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (path.startsWith("/redirect")) {
                exchange.getResponseHeaders().set("Location", "http://elsewhere.example/");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
                return;
            }
            if (path.startsWith("/forged")) {
                exchange.getResponseHeaders().set(HttpHygiene.DENIAL_HEADER, "forged-by-upstream");
            }
            byte[] answer;
            if (path.startsWith("/big")) {
                answer = new byte[4 * 1024 * 1024];
                for (int i = 0; i < answer.length; i++) {
                    answer[i] = (byte) ('a' + i % 26);
                }
            } else {
                answer = (name + " " + exchange.getRequestMethod() + " " + path + " " + body.length + "\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : path.startsWith("/chunked") ? 0 : answer.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
            exchange.close();
        });
        // Handlers off the dispatcher thread: a large body written there stalls when the reader is slower.
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    InetAddress address() {
        return server.getAddress().getAddress();
    }

    Seen last() {
        return seen.isEmpty() ? null : seen.getLast();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
