package dev.sidecars.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A "pod" of real containers on this machine: they share the host network (the pod's network
 * namespace) and directories that stand in for {@code emptyDir} volumes. Init containers run first,
 * in order, each to completion; a failing one stops the pod with its logs. Then the containers start.
 */
final class Pod implements AutoCloseable {

    private final Path root;
    private final Map<String, Path> volumes = new LinkedHashMap<>();
    private final List<PodContainer> initContainers = new ArrayList<>();
    private final List<PodContainer> containers = new ArrayList<>();

    Pod(String name) throws IOException {
        root = Files.createTempDirectory("pod-" + name + "-");
    }

    /** An emptyDir: world-writable like Kubernetes makes it, so that non-root containers can write. */
    Path emptyDir(String name) throws IOException {
        Path dir = root.resolve(name);
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        volumes.put(name, dir);
        return dir;
    }

    PodContainer initContainer(String name, Images image) {
        PodContainer c = new PodContainer(name, image.reference());
        initContainers.add(c);
        return c;
    }

    PodContainer container(String name, Images image) {
        PodContainer c = new PodContainer(name, image.reference());
        containers.add(c);
        return c;
    }

    /** Runs the init containers to completion, in order, then starts the containers. */
    void start(Duration initTimeout) throws InterruptedException {
        for (PodContainer init : initContainers) {
            init.start();
            int status = init.awaitExit(initTimeout);
            if (status != 0) {
                throw new PodStartException("init container " + init.name() + " exited with " + status
                        + "; the pod does not start. Its logs:\n" + init.logs(), init.name(), status);
            }
        }
        for (PodContainer c : containers) {
            c.start();
        }
    }

    List<PodContainer> containers() {
        return containers;
    }

    @Override
    public void close() throws IOException {
        for (PodContainer c : containers) {
            c.close();
        }
        for (PodContainer c : initContainers) {
            c.close();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** An init container failed: the pod never started. */
    static final class PodStartException extends RuntimeException {
        final String container;
        final int status;

        PodStartException(String message, String container, int status) {
            super(message);
            this.container = container;
            this.status = status;
        }
    }
}
