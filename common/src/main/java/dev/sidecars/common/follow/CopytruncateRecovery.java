package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;

import dev.sidecars.common.log.Log;

/**
 * Reads from copytruncate's copies what a truncation took from a followed file before the
 * follower read it. copytruncate copies the file, then truncates it. Lines written after our last
 * read but before the copy are in the copy: find it next to the file (a rotated name, same first
 * bytes, at least as long as what we read) and read them from there. If the file was copied and
 * truncated again before this look, the later copies hold whole generations we never saw: read
 * them too, oldest first. Only lines written between a copy and its truncation are lost, a window
 * no reader closes unless it read them before the truncate.
 */
final class CopytruncateRecovery {

    // the follower's logger: the follower logs under one name, whichever part of it speaks
    private static final Log log = Log.get(Follower.class);

    private final ByteBuffer buf;

    /** @param buf the follower's read buffer */
    CopytruncateRecovery(ByteBuffer buf) {
        this.buf = buf;
    }

    /** The file was just found truncated, and is still at its old read offset: read the rest from its copy. */
    void readRestFromCopy(TrackedFile t) throws IOException {
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
    void readGenerationsMissedSinceTruncation(TrackedFile t) throws IOException {
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
}
