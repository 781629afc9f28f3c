package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
     * and is at least {@code atLeast} long: copytruncate's copy, holding what was written before the
     * truncation. The name matters: another follower's output (tail -F > tail.out), a grep or a tee
     * of the log starts with the same bytes too, is newer and holds lines of later files, which would
     * then be read twice.
     */
    static Path copyOf(Path file, byte[] head, long atLeast) {
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
                        p.getFileName().toString()) || a == null || !a.isRegularFile() || a.size() < atLeast
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

    /**
     * The copies made after {@code copy} (later generations of {@code file}, truncated away before
     * the follower looked again), oldest first: files with a rotated name, not compressed, modified
     * after it. logrotate writes each copy once and renames keep the modification time, so that time
     * orders the generations; names break ties within the clock's granularity.
     */
    static List<Path> copiesAfter(Path file, Path copy) {
        try {
            return laterCopies(file, Files.getLastModifiedTime(copy), copy);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The copies of {@code file} modified after {@code since}, oldest first (see {@link #copiesAfter}). */
    static List<Path> copiesSince(Path file, FileTime since) {
        return laterCopies(file, since, null);
    }

    /** @param tie a copy modified at {@code since}: files with that time count only if they sort after it */
    private static List<Path> laterCopies(Path file, FileTime since, Path tie) {
        Path dir = file.getParent();
        String name = file.getFileName().toString();
        List<Path> later = new ArrayList<>();
        Map<Path, FileTime> times = new HashMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String other = p.getFileName().toString();
                if (p.equals(tie) || !FileDecisions.mayBeRotatedName(name, other)
                        || FileDecisions.isCompressedName(other)) {
                    continue;
                }
                BasicFileAttributes a = FileIdentity.stat(p);
                int c = a == null ? -1 : a.lastModifiedTime().compareTo(since);
                if (a != null && a.isRegularFile() && (c > 0 || c == 0 && tie != null)) {
                    times.put(p, a.lastModifiedTime());
                    later.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        Comparator<Path> order = Comparator.comparing(times::get);
        order = order.thenComparing((a, b) -> FileDecisions.compareRotatedNames(name, a.getFileName().toString(),
                b.getFileName().toString()));
        if (tie == null) {
            later.sort(order);
            return later;
        }
        // a tie with the copy itself is resolved by the same order: only what sorts after it is later
        times.put(tie, since);
        later.add(tie);
        later.sort(order);
        return later.subList(later.indexOf(tie) + 1, later.size());
    }
}
