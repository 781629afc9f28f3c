package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.Drainable;
import dev.sidecars.common.admin.CheckResult;
import dev.sidecars.common.log.Log;

/**
 * Follows files by name and hands their complete lines to a {@link FollowSink}, across rotation
 * by rename, copytruncate, deletion and recreation; on its own thread ({@link #start()}), or driven
 * by the caller ({@link #startManually()}, {@link #pollOnce()}). Each cycle: look at every
 * followed path (rotated? deleted? truncated? {@link Rotations}), find new files ({@link Discovery}),
 * note the current files' sizes, read rotated files to their end, then read the current files up
 * to the noted sizes ({@link OpenFiles}). Noting the sizes first keeps the order of a writer that
 * writes the old file and then the new one: every byte of the new file counted was written after
 * every byte of the old one. Offsets are kept and saved by {@link SavedOffsets}.
 */
public final class Follower implements Drainable {

    private static final Log log = Log.get(Follower.class);
    /** Per file and cycle, so that one busy file cannot starve the others. */
    private static final long MAX_READ_PER_CYCLE = 4L << 20;
    private static final long MAX_FLUSH_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final FollowOptions options;
    private final FollowSink sink;
    private final FollowListener listener;
    private final SavedOffsets offsets;
    private final OpenFiles files;
    private final Discovery discovery;
    private final Rotations rotations;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Runnable onSinkLost;
    private ChangeWatcher watcher;
    private volatile boolean stopping;
    private volatile Thread thread;
    private volatile Throwable failure;

    /**
     * @param store      where offsets are saved across restarts; null: not saved
     * @param onSinkLost called on the follower thread once the sink failed and the offsets were saved
     *                   (the follower has stopped: the caller ends the process)
     */
    public Follower(FollowOptions options, FollowSink sink, OffsetStore store, FollowListener listener,
                    Runnable onSinkLost) {
        this.options = options;
        this.onSinkLost = onSinkLost;
        this.sink = sink;
        this.listener = listener;
        ByteBuffer buf = ByteBuffer.allocate(256 * 1024); // one read buffer: only the follower thread reads
        this.offsets = new SavedOffsets(store, options.stateInterval());
        this.files = new OpenFiles(sink, offsets, buf, options.rotateWait());
        this.discovery = new Discovery(options, sink, listener, files, offsets);
        this.rotations = new Rotations(files, discovery, new CopytruncateRecovery(buf));
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
        files.flushSink();
        offsets.saveIfDue(now, files);
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
        files.closeAll();
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
        String problem = offsets.problem();
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
                        files.flushSink();
                    }
                    offsets.saveIfDue(now, files);
                    signal = watcher.poll();
                } else {
                    files.flushSink();
                    offsets.saveIfDue(System.nanoTime(), files);
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
            offsets.save(files);
        } finally {
            files.closeAll();
            // before the drain completes: a SIGTERM drain waiting on it would otherwise exit 0 first
            onSinkLost.run();
            drained.completeExceptionally(e);
        }
    }

    /** Events since the last cycle: a new name to look for. */
    private void note(ChangeWatcher.Signal signal) {
        if (signal.rescan()) {
            discovery.rescanNow();
        }
    }

    private void startup() throws IOException {
        offsets.load();
        discovery.openAtStartup(watcher);
        offsets.startInterval(System.nanoTime());
    }

    /** One pass over all files, in the order of the class comment. Returns whether any bytes were read. */
    private boolean cycle(long now, boolean toTheEnd) throws IOException {
        rotations.checkAll(now);
        discovery.findNew(now, watcher);
        files.noteSizes();
        boolean busy = files.readRotated(now);
        busy |= files.readAtPaths(toTheEnd ? Long.MAX_VALUE : MAX_READ_PER_CYCLE);
        files.endCycle(now);
        listener.followed(files.count());
        return busy;
    }

    /** Shutdown: everything up to the files' current ends, then what is held back, then the offsets. */
    private void finish() throws IOException {
        long now = System.nanoTime();
        cycle(now, true);
        files.readEverything();
        files.flushSink();
        offsets.save(files);
        files.closeAll();
        log.info("follower stopped, offsets saved", "files", files.count(), "stateDir", offsets.where());
    }
}
