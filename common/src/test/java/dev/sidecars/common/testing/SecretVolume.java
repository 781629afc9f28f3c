package dev.sidecars.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Test helper: a {@code kubernetes.io/tls} Secret volume, written exactly as the kubelet's
 * AtomicWriter does: each version in a new {@code ..<timestamp>} dir, {@code ..data} a symlink to
 * it, {@code tls.crt}/{@code tls.key} symlinks through {@code ..data}, and an update is a
 * {@code ..data_tmp} symlink renamed over {@code ..data}.
 */
public final class SecretVolume {

    private final Path dir;
    private int version;

    public SecretVolume(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The first call mounts the volume; later calls update it atomically. */
    public void publish(Path cert, Path key) throws IOException {
        version++;
        Path versionDir = Files.createDirectory(dir.resolve("..2026_01_01_v" + version));
        Files.copy(cert, versionDir.resolve("tls.crt"));
        Files.copy(key, versionDir.resolve("tls.key"));
        if (version == 1) {
            Files.createSymbolicLink(dir.resolve("..data"), versionDir.getFileName());
            Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of("..data/tls.crt"));
            Files.createSymbolicLink(dir.resolve("tls.key"), Path.of("..data/tls.key"));
            return;
        }
        Path tmp = dir.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, versionDir.getFileName());
        Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    }
}
