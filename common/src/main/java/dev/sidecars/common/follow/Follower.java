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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.Drainable;
import dev.sidecars.common.admin.CheckResult;
import dev.sidecars.common.log.Log;


/**
 * Follows files by name and hands their complete lines to a {@link FollowSink}, across rotation
 * by rename, copytruncate, deletion and recreation; on its own thread ({@link #start()}), or driven
 * by the caller ({@link #startManually()}, {@link #pollOnce()}). Each cycle: look at every
 * followed path (rotated? deleted? truncated?), find new files, note the current files' sizes,
 * read rotated files to their end, then read the current files up to the noted sizes. Noting the
 * sizes first keeps the order of a writer that writes the old file and then the new one: every
 * byte of the new file counted was written after every byte of the old one.
 */
public final class Follower implements Drainable {

    private static final Log log = Log.get(Follower.class);
    /** Per file and cycle, so that one busy file cannot starve the others. */
    private static final long MAX_READ_PER_CYCLE = 4L << 20;
    private static final long MAX_FLUSH_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int KNOWN_LIMIT = 1024;

    private final FollowOptions options;
    private final List<PathPattern> patterns;
    private final FollowSink sink;
    private final OffsetStore store;
    private final FollowListener listener;
    private final ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    private final Map<Path, TrackedFile> current = new LinkedHashMap<>();
    private final List<TrackedFile> draining = new ArrayList<>();
    /** Offsets of files seen before (saved state, and files closed since), by identity. */
    private final Map<String, OffsetStore.Entry> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OffsetStore.Entry> eldest) {
            return size() > KNOWN_LIMIT;
        }
    };
    /** Paths with a problem already logged, so that a file we may not read is not logged every cycle. */
    private final Set<Path> reported = new HashSet<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    private final long pollNanos;
    private final Runnable onSinkLost;
    private ChangeWatcher watcher;
    private boolean stateExisted;
    private long lastScanNanos;
    private long lastSaveNanos;
    private volatile boolean stopping;
    private volatile Thread thread;
    private volatile Throwable failure;
    private volatile String stateProblem;

    /**
     * @param store      where offsets are saved across restarts; null: not saved
     * @param onSinkLost called on the follower thread once the sink failed and the offsets were saved
     *                   (the follower has stopped: the caller ends the process)
     */
    public Follower(FollowOptions options, FollowSink sink, OffsetStore store, FollowListener listener,
                    Runnable onSinkLost) {
        this.options = options;
        this.onSinkLost = onSinkLost;
        this.patterns = options.paths().stream().map(PathPattern::parse).toList();
        this.sink = sink;
        this.store = store;
        this.listener = listener;
        this.pollNanos = options.pollInterval().toNanos();
    }

    public Follower start() {
        thread = Thread.ofPlatform().name("follower").start(this::run);
        return this;
    }

    @Override
    public String name() {
        return "follower";
    }

    /** SIGTERM: read every file to its current end, write out what is held back, save offsets. */
    @Override
    public CompletionStage<Void> drain() {
        stopping = true;
        return drained;
    }

    @Override
    public void forceClose() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Waits for the follower thread to end (tests). */
    public void join() throws InterruptedException {
        thread.join();
    }

    /** Waits until the files present at start-up are open (tests). */
    public boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit);
    }

    /**
     * Opens the files as {@link #start()} does, without the thread: the caller runs the cycles
     * ({@link #pollOnce()}), on a timer of its own, or in a test that changes the files between
     * single cycles and makes races happen in a chosen order.
     */
    public void startManually() throws IOException {
        watcher = new ChangeWatcher();
        startup();
        started.countDown();
    }

    /**
     * One cycle, then the sink flushed and the offsets saved if due, as the thread does when it is
     * idle. Returns whether any bytes were read (a busy file may have more).
     */
    public boolean pollOnce() throws IOException {
        note(watcher.poll());
        long now = System.nanoTime();
        boolean busy = cycle(now, false);
        flushSink();
        saveIfDue(now);
        return busy;
    }

    /** The end of a {@link #startManually()} follower, as on SIGTERM: read to the ends, flush, save. */
    public void stopManually() throws IOException {
        try {
            finish();
        } finally {
            watcher.close();
        }
    }

    /**
     * Closes the files of a {@link #startManually()} follower without reading further (nothing
     * saved): for a follower whose offsets do not outlive it.
     */
    public void close() {
        closeFiles();
        if (watcher != null) {
            watcher.close();
        }
    }

    public CheckResult readiness() {
        Throwable f = failure;
        if (f != null) {
            return CheckResult.failed("follower stopped: " + f);
        }
        if (started.getCount() > 0) {
            return CheckResult.failed("opening files");
        }
        String problem = stateProblem;
        if (problem != null) {
            return CheckResult.failed("offsets cannot be saved: " + problem);
        }
        return CheckResult.passed();
    }

    private void run() {
        try (ChangeWatcher w = new ChangeWatcher()) {
            watcher = w;
            startup();
            started.countDown();
            while (!stopping) {
                long now = System.nanoTime();
                boolean busy = cycle(now, false);
                ChangeWatcher.Signal signal;
                if (busy) {
                    if (sink.flushDue(now, MAX_FLUSH_DELAY_NANOS)) {
                        flushSink();
                    }
                    saveIfDue(now);
                    signal = watcher.poll();
                } else {
                    flushSink();
                    saveIfDue(System.nanoTime());
                    // woken by the first inotify event (a write, a rename), else after the poll interval
                    signal = watcher.await(options.pollInterval());
                }
                note(signal);
            }
            finish();
            drained.complete(null);
        } catch (FollowSink.Failed e) {
            sinkLost(e);
        } catch (Throwable t) {
            failure = t;
            if (!(t instanceof InterruptedException)) {
                log.error("follower failed", t);
            }
            drained.completeExceptionally(t);
        }
    }

    /**
     * The sink is gone (stdout: the runtime closed the pipe, or the reader died): nothing read from
     * now on can be delivered, so the offsets of what was delivered are saved and the process ends,
     * and a restart with a new sink resumes exactly there. Lines still buffered are not saved as read.
     */
    private void sinkLost(FollowSink.Failed e) {
        failure = e;
        log.error(e.getMessage() + ", saving offsets and exiting", "reason", e.getCause().toString());
        try {
            save();
        } finally {
            closeFiles();
            // before the drain completes: a SIGTERM drain waiting on it would otherwise exit 0 first
            onSinkLost.run();
            drained.completeExceptionally(e);
        }
    }

    /** Events since the last cycle: a new name to look for. */
    private void note(ChangeWatcher.Signal signal) {
        if (signal.rescan()) {
            lastScanNanos = 0; // a file appeared (or events were lost): list the directories now
        }
    }

    private void startup() throws IOException {
        if (store != null) {
            stateExisted = store.exists();
            known.putAll(store.load());
        }
        for (PathPattern p : patterns) {
            log.info("following", "pattern", p.text(), "dir", p.dir().toString(),
                    "dirExists", Files.isDirectory(p.dir()));
        }
        discover(true, true);
        resumeRotatedWhileStopped();
        lastScanNanos = System.nanoTime();
        lastSaveNanos = System.nanoTime();
    }

    /** One pass over all files. Returns whether any bytes were read. */
    private boolean cycle(long now, boolean toTheEnd) throws IOException {
        for (TrackedFile t : new ArrayList<>(current.values())) {
            check(t, now);
        }
        // a missing plain path costs one stat: look every cycle, so that a file created and rotated
        // away quickly is still seen; listing a directory for a glob waits for an event or the interval
        boolean scanGlobs = now - lastScanNanos >= pollNanos;
        discover(false, scanGlobs);
        if (scanGlobs) {
            lastScanNanos = now;
        }
        for (TrackedFile t : current.values()) {
            t.noteSize();
        }
        boolean busy = false;
        for (int i = 0; i < draining.size(); i++) {
            TrackedFile d = draining.get(i);
            d.noteSize();
            long n = d.readToNotedSize(buf, Long.MAX_VALUE);
            busy |= n > 0;
            if (n == 0 && d.drainDeadlinePassed(now)) {
                finishDraining(d);
                draining.remove(i--);
            }
        }
        for (TrackedFile d : draining) {
            TrackedFile successor = current.get(Path.of(d.label()));
            if (successor != null && successor.hasUnreadNotedBytes()) {
                // the writer moved on to the new file, so the old one's unterminated line is complete
                d.flushPending();
            }
        }
        long max = toTheEnd ? Long.MAX_VALUE : MAX_READ_PER_CYCLE;
        for (TrackedFile t : current.values()) {
            busy |= t.readToNotedSize(buf, max) > 0;
        }
        for (TrackedFile t : draining) {
            t.flushIdleRecord(now);
            t.publishMetrics();
        }
        for (TrackedFile t : current.values()) {
            t.flushIdleRecord(now);
            t.publishMetrics();
        }
        listener.followed(current.size() + draining.size());
        return busy;
    }

    /** What became of a followed path since the last cycle. */
    private void check(TrackedFile t, long now) throws IOException {
        BasicFileAttributes attrs = FileIdentity.stat(t.path());
        String nowId = attrs == null ? null : FileIdentity.of(attrs);
        boolean headSame = nowId != null && nowId.equals(t.id()) ? t.headUnchanged() : true;
        long size = attrs == null ? 0 : attrs.size();
        if (t.emptySinceTruncation() && size > 0 && nowId != null && nowId.equals(t.id())) {
            readGenerationsMissedSinceTruncation(t);
        }
        switch (FileDecisions.change(t.id(), t.readOffset(), nowId, size, headSame)) {
            case UNCHANGED -> {
            }
            case GONE -> {
                current.remove(t.path());
                startDraining(t, now, "gone");
            }
            case REPLACED -> {
                current.remove(t.path());
                startDraining(t, now, "replaced");
                open(t.path(), false);
            }
            case TRUNCATED -> {
                log.info("file truncated, reading from its start", "file", t.label(), "readOffset", t.readOffset(),
                        "size", size);
                t.meters().truncated();
                recoverFromCopy(t);
                t.restartAfterTruncation();
            }
        }
    }

    /**
     * copytruncate copies the file, then truncates it. Lines written after our last read but before
     * the copy are in the copy: find it next to the file (a rotated name, same first bytes, at least
     * as long as what we read) and read them from there. If the file was copied and truncated again
     * before this look, the later copies hold whole generations we never saw: read them too, oldest
     * first. Only lines written between a copy and its truncation are lost, a window no reader
     * closes unless it read them before the truncate.
     */
    private void recoverFromCopy(TrackedFile t) throws IOException {
        if (!t.hasFullHead()) {
            return; // a short head is too weak a fingerprint to pick a copy by
        }
        Path copy = Siblings.copyOf(t.path(), t.head(), t.readOffset());
        if (copy == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ)) {
            long n = t.readRestFrom(ch, buf);
            if (n > 0) {
                log.info("read the rest of a truncated file from its copy", "file", t.label(), "copy", copy.toString(),
                        "bytes", n);
            }
        }
        readWholeCopies(t, Siblings.copiesAfter(t.path(), copy));
    }

    /**
     * The file was found truncated and restarted at 0 while empty, and has content now: if it was
     * copied and truncated again in between, that generation is only in a copy made since.
     */
    private void readGenerationsMissedSinceTruncation(TrackedFile t) throws IOException {
        FileTime truncatedAt = t.takeTruncationTime();
        List<Path> copies = Siblings.copiesSince(t.path(), truncatedAt);
        if (!copies.isEmpty()) {
            readWholeCopies(t, copies);
        }
    }

    private void readWholeCopies(TrackedFile t, List<Path> copies) throws IOException {
        // a copy of what the file holds now (logrotate copying it again right now) is read from the file
        byte[] live = t.readHead(TrackedFile.HEAD_BYTES);
        for (Path later : copies) {
            try (FileChannel ch = FileChannel.open(later, StandardOpenOption.READ)) {
                if (live.length > 0 && Arrays.equals(live, TrackedFile.readHead(ch, live.length))) {
                    continue;
                }
                long n = t.readWhole(ch, buf);
                log.info("read a copy of a generation truncated before it was seen", "file", t.label(),
                        "copy", later.toString(), "bytes", n);
            } catch (IOException e) {
                log.warn("cannot read a later copy of a truncated file", "copy", later.toString(), "reason", e.toString());
            }
        }
    }

    private void startDraining(TrackedFile t, long now, String why) {
        log.debug("file " + why + ", draining its descriptor", "file", t.label(),
                "rotateWait", options.rotateWait().toString());
        t.drainUntil(now + options.rotateWait().toNanos());
        draining.add(t);
    }

    private void finishDraining(TrackedFile d) throws IOException {
        d.flushPending();
        flushSink();
        known.put(d.id(), d.savedState());
        d.close();
        log.debug("stopped reading rotated file", "file", d.label(), "offset", d.readOffset());
    }

    /** Finds files of the patterns that are not followed yet. */
    private void discover(boolean atStartup, boolean scanGlobs) throws IOException {
        for (PathPattern p : patterns) {
            if (!scanGlobs && !p.isLiteral()) {
                continue;
            }
            watcher.watch(p.dir());
            for (Path path : candidates(p)) {
                if (current.containsKey(path)) {
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
                if (current.containsKey(path)) {
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
        for (TrackedFile t : current.values()) {
            if (t.id().equals(id)) {
                return; // the same file under another matched name (a rename the next check sees)
            }
        }
        for (TrackedFile d : draining) {
            if (d.id().equals(id)) {
                // a rotated file renamed to a name we also follow (app.log.1 for /logs/app.log*): it is
                // drained first, then found again here and resumed from its saved offset, so the order
                // old-before-new holds and nothing is read twice
                return;
            }
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
        OffsetStore.Entry saved = known.get(id);
        boolean headMatches = saved != null && saved.fingerprint().matches(ch);
        long size = ch.size();
        FileDecisions.Start start = FileDecisions.start(saved == null ? -1 : saved.offset(), headMatches, size,
                atStartup, options.from(), stateExisted);
        TrackedFile t = new TrackedFile(path.toString(), path, id, ch, start.offset(), options, sink,
                listener.file(path.toString()));
        if (options.from() == FollowOptions.StartFrom.NEXT_LINE && start.reason().equals(FileDecisions.FROM_TAIL)
                && endsInsideLine(ch, start.offset())) {
            t.startAtNextLine();
        }
        current.put(path, t);
        if (!atStartup && draining.stream().anyMatch(d -> d.label().equals(t.label()))) {
            t.meters().rotated(); // a new file where the old one was renamed or deleted
        }
        log.info("following file", "file", path.toString(), "offset", start.offset(), "reason", start.reason());
    }

    /**
     * A file rotated while the follower was stopped is no longer at its path: find it by identity next
     * to the path (e.g. {@code app.log.1}) and read the rest it had not read.
     */
    private void resumeRotatedWhileStopped() throws IOException {
        Set<String> followed = new HashSet<>();
        current.values().forEach(t -> followed.add(t.id()));
        Map<Path, Map<String, Path>> byDir = new HashMap<>();
        for (OffsetStore.Entry e : List.copyOf(known.values())) {
            if (followed.contains(e.id())) {
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
            String label = Path.of(e.path()).toString();
            TrackedFile t = new TrackedFile(label, found, e.id(), ch, e.offset(), options, sink, listener.file(label));
            startDraining(t, System.nanoTime(), "rotated while stopped");
            log.info("reading the rest of a file rotated while stopped", "file", found.toString(), "offset", e.offset());
        }
    }

    /** Shutdown: everything up to the files' current ends, then what is held back, then the offsets. */
    private void finish() throws IOException {
        long now = System.nanoTime();
        cycle(now, true);
        for (TrackedFile d : draining) {
            d.readToEnd(buf);
            d.flushPending();
            d.publishMetrics();
        }
        for (TrackedFile t : current.values()) {
            t.flushPending();
            t.publishMetrics();
        }
        flushSink();
        save();
        closeFiles();
        log.info("follower stopped, offsets saved", "files", current.size() + draining.size(),
                "stateDir", store == null ? "(none)" : store.dir().toString());
    }

    private void closeFiles() {
        draining.forEach(TrackedFile::close);
        current.values().forEach(TrackedFile::close);
    }

    private void flushSink() {
        sink.flush();
        current.values().forEach(TrackedFile::markFlushed);
        draining.forEach(TrackedFile::markFlushed);
    }

    private void saveIfDue(long now) {
        if (now - lastSaveNanos >= options.stateInterval().toNanos()) {
            pruneKnown();
            if (store != null) {
                flushSink();
                save();
            }
            lastSaveNanos = now;
        }
    }

    /**
     * Forgets closed files that no longer exist: a deleted file's inode is soon reused, and a new
     * file with the same first bytes (a fixed banner) must not resume at the old file's offset.
     */
    private void pruneKnown() {
        Set<String> open = new HashSet<>();
        current.values().forEach(t -> open.add(t.id()));
        draining.forEach(t -> open.add(t.id()));
        Map<Path, Map<String, Path>> byDir = new HashMap<>();
        known.values().removeIf(e -> {
            Path dir = Path.of(e.path()).getParent();
            return !open.contains(e.id()) && dir != null
                    && !byDir.computeIfAbsent(dir, Siblings::byIdentity).containsKey(e.id());
        });
    }

    private void save() {
        if (store == null) {
            return;
        }
        try {
            for (TrackedFile t : draining) {
                known.put(t.id(), t.savedState());
            }
            for (TrackedFile t : current.values()) {
                known.put(t.id(), t.savedState());
            }
            store.save(List.copyOf(known.values()));
            if (stateProblem != null) {
                log.info("offsets saved again");
            }
            stateProblem = null;
        } catch (IOException e) {
            if (stateProblem == null) {
                log.warn("cannot save offsets", "dir", store.dir().toString(),
                        "reason", e.toString());
            }
            stateProblem = e.toString();
        }
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
