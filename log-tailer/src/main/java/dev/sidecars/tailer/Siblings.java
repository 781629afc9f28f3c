package dev.sidecars.tailer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Finds a followed file's rotated versions next to it: by identity (renamed) or by content (copied). */
final class Siblings {

    private Siblings() {
    }

    /** The regular files of a directory by identity; empty when it cannot be listed. */
    static Map<String, Path> byIdentity(Path dir) {
        Map<String, Path> ids = new HashMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                BasicFileAttributes a = FileIdentity.stat(p);
                if (a != null && a.isRegularFile()) {
                    ids.put(FileIdentity.of(a), p);
                }
            }
        } catch (IOException e) {
            // a directory we cannot list has no rotated files for us
        }
        return ids;
    }

    /**
     * The newest other file next to {@code file} with a rotated name that starts with {@code head}
     * and is longer than {@code longerThan}: copytruncate's copy, holding what was written before the
     * truncation. The name matters: another follower's output (tail -F > tail.out), a grep or a tee
     * of the log starts with the same bytes too, is newer and holds lines of later files, which would
     * then be read twice.
     */
    static Path copyOf(Path file, byte[] head, long longerThan) {
        Path dir = file.getParent();
        if (dir == null) {
            return null;
        }
        Path best = null;
        long bestTime = Long.MIN_VALUE;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                BasicFileAttributes a = FileIdentity.stat(p);
                if (p.equals(file) || !FileDecisions.mayBeRotatedName(file.getFileName().toString(),
                        p.getFileName().toString()) || a == null || !a.isRegularFile() || a.size() <= longerThan
                        || a.lastModifiedTime().toMillis() < bestTime) {
                    continue;
                }
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    if (Arrays.equals(head, TrackedFile.readHead(ch, head.length))) {
                        best = p;
                        bestTime = a.lastModifiedTime().toMillis();
                    }
                } catch (IOException e) {
                    // not readable: not our copy
                }
            }
        } catch (IOException e) {
            return null;
        }
        return best;
    }
}
