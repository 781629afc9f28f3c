package dev.sidecars.ambassador;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import com.sun.net.httpserver.HttpServer;

/** Real backends on 127.0.0.1 port 0 for the ambassador to relay to. */
final class Backends {

    private Backends() {
    }

    /** A TCP server running {@code session} for each connection on its own thread. */
    static final class Tcp implements AutoCloseable {
        private final ServerSocket server;
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        Tcp(BiConsumer<InputStream, OutputStream> session) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofPlatform().daemon().start(() -> {
                            try (s) {
                                session.accept(s.getInputStream(), s.getOutputStream());
                            } catch (IOException | RuntimeException e) {
                                failures.add(e);
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Echoes every byte back, and closes its side when the client has finished sending. */
    static Tcp echo() throws IOException {
        return new Tcp((in, out) -> {
            try {
                in.transferTo(out);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Says its line and closes, without waiting for the client. */
    static Tcp greeter(String line) throws IOException {
        return new Tcp((in, out) -> {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** An HTTP app that answers every request with the request headers it received, one per line. */
    static final class HttpHeadersEcho implements AutoCloseable {
        private final HttpServer server;

        HttpHeadersEcho() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/", exchange -> {
                StringBuilder sb = new StringBuilder();
                for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                    sb.append(h.getKey().toLowerCase()).append(": ").append(String.join(",", h.getValue())).append('\n');
                }
                byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
