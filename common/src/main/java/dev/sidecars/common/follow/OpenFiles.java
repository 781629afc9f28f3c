package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.log.Log;

/**
 * The files open for reading: the one at each followed path, and the rotated ones (renamed,
 * deleted, replaced) whose descriptors are still read for a writer's last lines until the rotate
 * wait has passed; and the sink their lines go to. Each step of a cycle that is done to all of
 * them is here, in the order the cycle needs it (see {@link Follower}). Only the follower thread
 * touches it.
 */
final class OpenFiles {

    // the follower's logger: the follower logs under one name, whichever part of it speaks
    private static final Log log = Log.get(Follower.class);

    private final FollowSink sink;
    private final SavedOffsets offsets;
    private final ByteBuffer buf;
    private final Duration rotateWait;
    private final Map<Path, TrackedFile> current = new LinkedHashMap<>();
    private final List<TrackedFile> draining = new ArrayList<>();

    /** @param buf the follower's read buffer */
    OpenFiles(FollowSink sink, SavedOffsets offsets, ByteBuffer buf, Duration rotateWait) {
        this.sink = sink;
        this.offsets = offsets;
        this.buf = buf;
        this.rotateWait = rotateWait;
    }

    /** Whether a file is open at the followed {@code path}. */
    boolean follows(Path path) {
        return current.containsKey(path);
    }

    /** Whether a file with this identity is open, at its path or draining. */
    boolean isOpen(String id) {
        for (TrackedFile t : current.values()) {
            if (t.id().equals(id)) {
                return true;
            }
        }
        for (TrackedFile d : draining) {
            if (d.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file that left the path {@code label} is still being drained. */
    boolean isDraining(String label) {
        return draining.stream().anyMatch(d -> d.label().equals(label));
    }

    /** The files at their paths, as a copy: a check may remove one or open another. */
    List<TrackedFile> atPaths() {
        return new ArrayList<>(current.values());
    }

    /** Draining files first, then those at their paths: the order of reading, and of saving. */
    List<TrackedFile> all() {
        List<TrackedFile> all = new ArrayList<>(draining);
        all.addAll(current.values());
        return all;
    }

    /** Files open for reading, rotated ones still drained included. */
    int count() {
        return current.size() + draining.size();
    }

    void follow(TrackedFile t) {
        current.put(t.path(), t);
    }

    /** The file is no longer at its path (deleted, renamed, replaced): read its descriptor a while longer. */
    void rotatedAway(TrackedFile t, long nowNanos, String why) {
        current.remove(t.path());
        startDraining(t, nowNanos, why);
    }

    /** Reads a file that is not at its path for the rotate wait, then closes it. */
    void startDraining(TrackedFile t, long nowNanos, String why) {
        log.debug("file " + why + ", draining its descriptor", "file", t.label(),
                "rotateWait", rotateWait.toString());
        t.drainUntil(nowNanos + rotateWait.toNanos());
        draining.add(t);
    }

    /** The files at their paths note their sizes: this cycle reads them no further. */
    void noteSizes() throws IOException {
        for (TrackedFile t : current.values()) {
            t.noteSize();
        }
    }

    /**
     * Reads the rotated files to their ends, closing those that had nothing more once the rotate
     * wait has passed; a rotated file whose successor was written to has its unterminated last line
     * emitted (the writer moved on, so that line is complete). Returns whether any bytes were read.
     */
    boolean readRotated(long nowNanos) throws IOException {
        boolean busy = false;
        for (int i = 0; i < draining.size(); i++) {
            TrackedFile d = draining.get(i);
            d.noteSize();
            long n = d.readToNotedSize(buf, Long.MAX_VALUE);
            busy |= n > 0;
            if (n == 0 && d.drainDeadlinePassed(nowNanos)) {
                finishDraining(d);
                draining.remove(i--);
            }
        }
        for (TrackedFile d : draining) {
            TrackedFile successor = current.get(Path.of(d.label()));
            if (successor != null && successor.hasUnreadNotedBytes()) {
                d.flushPending();
            }
        }
        return busy;
    }

    /** Reads the files at their paths up to their noted sizes, at most {@code maxBytes} each. */
    boolean readAtPaths(long maxBytes) throws IOException {
        boolean busy = false;
        for (TrackedFile t : current.values()) {
            busy |= t.readToNotedSize(buf, maxBytes) > 0;
        }
        return busy;
    }

    /** The end of a cycle: records that waited long enough are emitted, the counts published. */
    void endCycle(long nowNanos) {
        for (TrackedFile t : draining) {
            t.flushIdleRecord(nowNanos);
            t.publishMetrics();
        }
        for (TrackedFile t : current.values()) {
            t.flushIdleRecord(nowNanos);
            t.publishMetrics();
        }
    }

    /** Shutdown, after a last cycle: the rotated files to their ends, and everything held back emitted. */
    void readEverything() throws IOException {
        for (TrackedFile d : draining) {
            d.readToEnd(buf);
            d.flushPending();
            d.publishMetrics();
        }
        for (TrackedFile t : current.values()) {
            t.flushPending();
            t.publishMetrics();
        }
    }

    /** Delivers what the sink buffers; what was handed to it counts as read from then on. */
    void flushSink() {
        sink.flush();
        current.values().forEach(TrackedFile::markFlushed);
        draining.forEach(TrackedFile::markFlushed);
    }

    void closeAll() {
        draining.forEach(TrackedFile::close);
        current.values().forEach(TrackedFile::close);
    }

    private void finishDraining(TrackedFile d) throws IOException {
        d.flushPending();
        flushSink();
        offsets.remember(d);
        d.close();
        log.debug("stopped reading rotated file", "file", d.label(), "offset", d.readOffset());
    }
}
