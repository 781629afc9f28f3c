package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sidecars.common.log.Log;

/**
 * Finds the files of the followed patterns that are not open yet, and opens each where reading
 * it starts ({@link FileDecisions#start}: a saved offset, its head or its tail). A plain path is
 * looked at every cycle (one stat); a glob's directory is listed after an event that may have
 * created a file, else once per poll interval. At start-up it also finds the files that were
 * rotated away while the follower was stopped, by identity next to their paths.
 */
final class Discovery {

    // the follower's logger: the follower logs under one name, whichever part of it speaks
    private static final Log log = Log.get(Follower.class);

    private final FollowOptions options;
    private final List<PathPattern> patterns;
    private final FollowSink sink;
    private final FollowListener listener;
    private final OpenFiles files;
    private final SavedOffsets offsets;
    private final long pollNanos;
    /** Paths with a problem already logged, so that a file we may not read is not logged every cycle. */
    private final Set<Path> reported = new HashSet<>();
    private long lastScanNanos;

    /** @throws IllegalArgumentException for a path that is not a valid pattern ({@link PathPattern#parse}) */
    Discovery(FollowOptions options, FollowSink sink, FollowListener listener, OpenFiles files, SavedOffsets offsets) {
        this.options = options;
        this.patterns = options.paths().stream().map(PathPattern::parse).toList();
        this.sink = sink;
        this.listener = listener;
        this.files = files;
        this.offsets = offsets;
        this.pollNanos = options.pollInterval().toNanos();
    }

    /** Start-up: the files there are now, and the rest of those rotated away while the follower was stopped. */
    void openAtStartup(ChangeWatcher watcher) throws IOException {
        for (PathPattern p : patterns) {
            log.info("following", "pattern", p.text(), "dir", p.dir().toString(),
                    "dirExists", Files.isDirectory(p.dir()));
        }
        discover(watcher, true, true);
        resumeRotatedWhileStopped();
        lastScanNanos = System.nanoTime();
    }

    /** One cycle's look for new files: plain paths always, globs when a listing is due. */
    void findNew(long nowNanos, ChangeWatcher watcher) throws IOException {
        // a missing plain path costs one stat: look every cycle, so that a file created and rotated
        // away quickly is still seen; listing a directory for a glob waits for an event or the interval
        boolean scanGlobs = nowNanos - lastScanNanos >= pollNanos;
        discover(watcher, false, scanGlobs);
        if (scanGlobs) {
            lastScanNanos = nowNanos;
        }
    }

    /** A file appeared (or events were lost): list the directories in the next cycle. */
    void rescanNow() {
        lastScanNanos = 0;
    }

    /** Opens the file that took the place of a followed one at {@code path} (rename rotation, recreation). */
    void openReplacement(Path path) throws IOException {
        open(path, false);
    }

    private void discover(ChangeWatcher watcher, boolean atStartup, boolean scanGlobs) throws IOException {
        for (PathPattern p : patterns) {
            if (!scanGlobs && !p.isLiteral()) {
                continue;
            }
            watcher.watch(p.dir());
            for (Path path : candidates(p)) {
                if (files.follows(path)) {
                    continue;
                }
                open(path, atStartup);
            }
        }
    }

    private List<Path> candidates(PathPattern p) throws IOException {
        if (p.isLiteral()) {
            return List.of(p.dir().resolve(p.glob()));
        }
        List<Path> found = new ArrayList<>();
        Map<Path, FileTime> times = new HashMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(p.dir(), p.glob())) {
            for (Path path : s) {
                if (files.follows(path)) {
                    continue; // followed already: no need to order it
                }
                BasicFileAttributes a = FileIdentity.stat(path);
                if (a != null) {
                    found.add(path);
                    times.put(path, a.lastModifiedTime());
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (AccessDeniedException e) {
            reportOnce(p.dir(), "cannot list directory", e);
            return List.of();
        }
        // oldest first: a file created and rotated away (app.log to app.log.1) before this look is read
        // before the file that replaced it; the longer name first within a tick of the file clock
        found.sort(Comparator.comparing((Path x) -> times.get(x))
                .thenComparing(x -> -x.getFileName().toString().length())
                .thenComparing(Comparator.naturalOrder()));
        return found;
    }

    private void open(Path path, boolean atStartup) throws IOException {
        BasicFileAttributes before = FileIdentity.stat(path);
        if (before == null) {
            return;
        }
        if (!before.isRegularFile()) {
            listener.problem(path, "not a regular file"); // a FIFO would block the open, a directory has no lines
            return;
        }
        String id = FileIdentity.of(before);
        if (files.isOpen(id)) {
            // the same file under another matched name (a rename the next check sees), or a rotated
            // file renamed to a name we also follow (app.log.1 for /logs/app.log*): it is drained
            // first, then found again here and resumed from its saved offset, so the order
            // old-before-new holds and nothing is read twice
            return;
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            reportOnce(path, "cannot open file", e);
            return;
        }
        BasicFileAttributes after = FileIdentity.stat(path);
        if (after == null || !FileIdentity.of(after).equals(id)) {
            ch.close(); // replaced between stat and open: the next cycle opens the new one
            return;
        }
        reported.remove(path);
        OffsetStore.Entry saved = offsets.of(id);
        boolean headMatches = saved != null && saved.fingerprint().matches(ch);
        long size = ch.size();
        FileDecisions.Start start = FileDecisions.start(saved == null ? -1 : saved.offset(), headMatches, size,
                atStartup, options.from(), offsets.existedAtStart());
        TrackedFile t = track(path.toString(), path, id, ch, start.offset());
        if (options.from() == FollowOptions.StartFrom.NEXT_LINE && start.reason().equals(FileDecisions.FROM_TAIL)
                && endsInsideLine(ch, start.offset())) {
            t.startAtNextLine();
        }
        files.follow(t);
        if (!atStartup && files.isDraining(t.label())) {
            t.meters().rotated(); // a new file where the old one was renamed or deleted
        }
        log.info("following file", "file", path.toString(), "offset", start.offset(), "reason", start.reason());
    }

    /**
     * A file rotated while the follower was stopped is no longer at its path: find it by identity next
     * to the path (e.g. {@code app.log.1}) and read the rest it had not read.
     */
    private void resumeRotatedWhileStopped() throws IOException {
        Map<Path, Map<String, Path>> byDir = new HashMap<>();
        for (OffsetStore.Entry e : offsets.entries()) {
            if (files.isOpen(e.id())) {
                continue;
            }
            Path dir = Path.of(e.path()).getParent();
            if (dir == null) {
                continue;
            }
            Path found = byDir.computeIfAbsent(dir, Siblings::byIdentity).get(e.id());
            if (found == null) {
                continue;
            }
            FileChannel ch = FileChannel.open(found, StandardOpenOption.READ);
            if (ch.size() <= e.offset() || !e.fingerprint().matches(ch)) {
                ch.close();
                continue;
            }
            TrackedFile t = track(Path.of(e.path()).toString(), found, e.id(), ch, e.offset());
            files.startDraining(t, System.nanoTime(), "rotated while stopped");
            log.info("reading the rest of a file rotated while stopped", "file", found.toString(), "offset", e.offset());
        }
    }

    private TrackedFile track(String label, Path at, String id, FileChannel ch, long offset) throws IOException {
        return new TrackedFile(label, at, id, ch, offset, options, sink, listener.file(label));
    }

    /** Whether the byte before {@code offset} is not a line ending: reading there starts inside a line. */
    private static boolean endsInsideLine(FileChannel ch, long offset) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        return offset > 0 && ch.read(last, offset - 1) == 1 && last.get(0) != '\n';
    }

    private void reportOnce(Path path, String what, IOException e) {
        listener.problem(path, what + ": " + e);
        if (reported.add(path)) {
            log.warn(what + ", retrying", "path", path.toString(), "reason", e.toString());
        }
    }
}
