package dev.sidecars.it;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The stand-in "legacy app" image: Debian's static busybox (package busybox-static) alone in an
 * otherwise empty image, built locally, run as the images' non-root user. It has {@code sh},
 * {@code wget}, {@code httpd} and {@code nc}, which is all a stand-in app needs.
 */
final class BusyboxApp {

    static final String BUSYBOX = "/bin/busybox";

    private BusyboxApp() {
    }

    static ImageFromDockerfile image() {
        Path busybox = Path.of(BUSYBOX);
        if (!Files.isExecutable(busybox)) {
            throw new AssertionError("the app container needs Debian's busybox-static (" + BUSYBOX + ")");
        }
        return new ImageFromDockerfile("sidecars-it/busybox-app", false)
                .withFileFromPath("busybox", busybox)
                .withDockerfileFromBuilder(b -> b.from("scratch").copy("busybox", BUSYBOX).user("65532:65532").build());
    }
}
