package dev.sidecars.egress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.testing.OpenSsl;

/** A real TLS server ({@code openssl s_server -www}) with a certificate for one name, signed by a fresh CA. */
final class TlsUpstream implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path caFile;

    TlsUpstream(Path dir, String address, String name) throws IOException, InterruptedException {
        OpenSsl openssl = new OpenSsl(dir);
        OpenSsl.Pair ca = openssl.ca("ca");
        OpenSsl.Pair leaf = openssl.leaf(ca, name, OpenSsl.KeyFormat.EC_PKCS8, "DNS:" + name);
        this.caFile = ca.cert();
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, 0));
            this.port = probe.getLocalPort();
        }
        process = new ProcessBuilder(OpenSsl.binary().toString(), "s_server", "-accept", address + ":" + port,
                "-cert", leaf.cert().toString(), "-key", leaf.key().toString(), "-www", "-quiet")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket ignored = new Socket(address, port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IOException("openssl s_server did not start on " + address + ":" + port);
                }
                Thread.sleep(50);
            }
        }
    }

    int port() {
        return port;
    }

    Path caFile() {
        return caFile;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
