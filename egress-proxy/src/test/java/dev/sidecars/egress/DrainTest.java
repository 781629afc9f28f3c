package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** SIGTERM's drain: idle app connections close at once, a request in flight gets its whole answer first. */
class DrainTest {

    @Test
    void shouldCloseIdleConnectionsAndFinishTheRequestInFlight() throws Exception {
        try (TestUpstream upstream = new TestUpstream("127.0.0.2", "api");
             RunningProxy proxy = new RunningProxy(Map.of("EGRESS_ALLOW", "api.example.com:" + upstream.port(),
                     "EGRESS_ALLOW_CIDRS", "127.0.0.2/32"), Map.of("api.example.com", List.of(upstream.address())));
             Socket idle = new Socket("127.0.0.1", proxy.port());
             Socket busy = new Socket("127.0.0.1", proxy.port())) {
            String target = "http://api.example.com:" + upstream.port();
            idle.getOutputStream().write(("GET " + target + "/first HTTP/1.1\r\nHost: h\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(RawHttp.readHead(idle).startsWith("HTTP/1.1 200"));
            idle.getInputStream().readNBytes("api GET /first 0\n".length());

            busy.getOutputStream().write(("GET " + target + "/slow HTTP/1.1\r\nHost: h\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(300); // the request is at the upstream, which answers after 1 s
            CompletableFuture<Void> drained = proxy.server.drain().toCompletableFuture();

            assertEquals("", RawHttp.readToClose(idle), "an idle keep-alive connection is closed at once");
            String head = RawHttp.readHead(busy);
            assertTrue(head.startsWith("HTTP/1.1 200") && head.toLowerCase().contains("connection: close"), head);
            assertEquals("api GET /slow 0\n", RawHttp.readToClose(busy));
            drained.get(10, TimeUnit.SECONDS);
        }
    }
}
