package dev.sidecars.ambassador;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain HTTP/1.1 app on 127.0.0.1 port 0 with keep-alive, that counts the connections it accepts and
 * records every request it reads as {@code "<connection> <method> <path>"}. Paths:
 * {@code /echo} answers the request body back, chunked; {@code /close} answers with
 * {@code Connection: close} and closes; {@code /overrun} answers {@code "<connection> overrun"} (one-digit
 * connection numbers) followed by the start of a second response nobody asked for; {@code /big} sends {@link #BIG} bytes; {@code /ws} with
 * {@code Upgrade} switches to echoing raw bytes; anything else answers {@code "<connection> <path> <version>"} and the request headers
 * with a length.
 */
final class CountingHttpApp implements AutoCloseable {

    static final long BIG = 256L << 20;

    private final ServerSocket server;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final AtomicLong bigWritten = new AtomicLong();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final int idleCloseMillis;
    private final boolean dropSecondRequest;

    /**
     * @param idleCloseMillis close a connection that waits this long for its next request (0: never)
     * @param dropSecondRequest close a connection, without answering, when its second request arrives:
     *                          an app that closed a keep-alive connection just as the request was sent
     */
    CountingHttpApp(int idleCloseMillis, boolean dropSecondRequest) throws IOException {
        this.idleCloseMillis = idleCloseMillis;
        this.dropSecondRequest = dropSecondRequest;
        server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int id = accepted.incrementAndGet();
                    open.incrementAndGet();
                    Thread.ofPlatform().daemon().start(() -> serve(s, id));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    CountingHttpApp() throws IOException {
        this(0, false);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Socket s, int id) {
        try (s) {
            s.setSoTimeout(idleCloseMillis);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            int served = 0;
            while (true) {
                RawHttp.Message request;
                try {
                    request = RawHttp.read(in, false);
                } catch (SocketTimeoutException e) {
                    return; // idle too long: the app closes its side, as a real app's keep-alive timeout does
                }
                if (request == null) {
                    return;
                }
                String[] line = request.startLine().split(" ");
                requests.add(id + " " + line[0] + " " + line[1]);
                if (dropSecondRequest && ++served == 2) {
                    return;
                }
                if (!answer(id, line[1], request, s, in, out)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away
        } finally {
            open.decrementAndGet();
        }
    }

    /** Writes the answer; false when the connection ends with it. */
    private boolean answer(int id, String path, RawHttp.Message request, Socket s, InputStream in, OutputStream out)
            throws IOException {
        switch (path) {
            case "/echo" -> {
                RawHttp.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                RawHttp.writeChunked(out, request.body(), 8191);
                return true;
            }
            case "/close" -> {
                byte[] body = (id + " /close").getBytes(StandardCharsets.UTF_8);
                RawHttp.write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n");
                out.write(body);
                out.flush();
                return false;
            }
            case "/overrun" -> {
                // a complete answer, then the start of another nobody asked for: a buggy app out of step
                RawHttp.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n" + id + " overrun"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n");
                return true;
            }
            case "/big" -> {
                RawHttp.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + BIG + "\r\n\r\n");
                byte[] chunk = new byte[64 * 1024];
                s.setSoTimeout(0);
                while (bigWritten.get() < BIG) {
                    out.write(chunk);
                    bigWritten.addAndGet(chunk.length);
                }
                out.flush();
                return true;
            }
            case "/ws" -> {
                RawHttp.write(out, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
                s.setSoTimeout(0);
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) != -1; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
                return false;
            }
            default -> {
                StringBuilder body = new StringBuilder(id + " " + path + " " + request.startLine().split(" ")[2] + "\n");
                for (String[] h : request.headers()) {
                    body.append(h[0].toLowerCase()).append(": ").append(h[1]).append('\n');
                }
                byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                RawHttp.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + bytes.length + "\r\n\r\n");
                out.write(bytes);
                out.flush();
                return true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
