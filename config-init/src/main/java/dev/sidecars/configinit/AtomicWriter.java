package dev.sidecars.configinit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that a reader sees the old content or the new, never a part: a temp file in the
 * same directory, fsync, mode, atomic rename over the target, fsync of the directory. An existing
 * target from an earlier run is simply replaced. A failure leaves no temp file behind.
 */
final class AtomicWriter {

    private AtomicWriter() {
    }

    /** Writing failed; the message says why in the user's terms. */
    static final class WriteException extends RuntimeException {
        WriteException(String message) {
            super(message, null, false, false);
        }
    }

    static void write(Path target, String content, Set<PosixFilePermission> mode) {
        write(target, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    static void write(Path target, byte[] content, Set<PosixFilePermission> mode) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new WriteException("cannot create a temporary file in " + dir + " (" + reason(e)
                    + "); the directory must be writable, e.g. an emptyDir mounted read-write");
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            // The mode is set before the rename, so that the file never appears with the wrong one.
            Files.setPosixFilePermissions(tmp, mode);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new WriteException("cannot rename " + tmp.getFileName() + " over " + target
                        + " atomically: they are on different file systems");
            } catch (FileSystemException e) {
                throw new WriteException("cannot rename a temporary file over " + target + " (" + reason(e) + "). "
                        + "A single file mounted with subPath, or a ConfigMap or Secret volume, cannot be replaced: "
                        + "write into a directory mounted from an emptyDir instead");
            }
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new WriteException("cannot write " + target + ": " + reason(e));
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temp file is hidden and the next run replaces the target anyway
            }
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot open a directory for fsync; the rename itself is still atomic.
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
