package dev.sidecars.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.sidecars.common.testing.OpenSsl;

/**
 * The least an image needs to start and become ready, so that the contract tests can run every
 * image alike: the tls-ambassador needs a certificate (a mounted Secret) and an app to forward to,
 * the others need nothing.
 */
final class MinimalSetup implements AutoCloseable {

    private final ServerSocket app;

    private MinimalSetup(ServerSocket app) {
        this.app = app;
    }

    static MinimalSetup apply(Images image, PodContainer container, Path scratch) throws IOException {
        if (image != Images.TLS_AMBASSADOR) {
            return new MinimalSetup(null);
        }
        OpenSsl openssl = new OpenSsl(Files.createDirectories(scratch.resolve("openssl")));
        OpenSsl.Pair leaf = openssl.leaf(openssl.ca("it-ca"), "localhost", OpenSsl.KeyFormat.EC_PKCS8);
        Path secret = Files.createDirectories(scratch.resolve("tls"));
        Files.copy(leaf.cert(), secret.resolve("tls.crt"));
        Files.copy(leaf.key(), secret.resolve("tls.key"));
        // The kubelet mounts Secrets readable by the pod's user; the image runs as 65532.
        for (Path p : new Path[] {secret.resolve("tls.crt"), secret.resolve("tls.key")}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwxr-xr-x"));
        ServerSocket app = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> acceptAndClose(app));
        container.mount(secret, "/etc/tls", true)
                .env("AMBASSADOR_TLS_DIR", "/etc/tls")
                .env("AMBASSADOR_TARGET", "127.0.0.1:" + app.getLocalPort());
        return new MinimalSetup(app);
    }

    /** The stand-in app accepts the ambassador's readiness probes and hangs up. */
    private static void acceptAndClose(ServerSocket app) {
        while (!app.isClosed()) {
            try (Socket ignored = app.accept()) {
                // connection proven; nothing to serve
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (app != null) {
            app.close();
        }
    }
}
