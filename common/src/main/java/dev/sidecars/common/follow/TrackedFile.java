package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * One open file: its descriptor, identity, read position and the line pipeline behind it
 * (splitter, the sink's optional record stage, the sink). Only the follower thread touches it.
 */
final class TrackedFile {

    /** How many first bytes identify a file's content (inode reuse, truncation). */
    static final int HEAD_BYTES = 64;

    /** The followed path the file was found at: the name its lines and meters go by. */
    private final String label;
    /** Where the file is now: the label, or the rotated name it was found at after a restart. */
    private final Path path;
    private final String id;
    private final FileChannel channel;
    private final LineSplitter splitter;
    private final RecordStage stage;
    private final FileMeters meters;
    private final LongSupplier lagSource;

    /** Volatile only for the lag gauge, which reads it on the scrape thread. */
    private volatile long readOffset;
    /** Offset just after the last record handed to the sink; what is saved once the sink is flushed. */
    private long emittedOffset;
    private long flushedOffset;
    /** The size noted at the start of this cycle: this cycle reads no further. */
    private long notedSize;
    private byte[] head;
    /** 0 while the file is at its path; else when draining the rotated or deleted file stops. */
    private long drainDeadlineNanos;
    /**
     * When the file was last found truncated, until its new content's first bytes were read: a
     * copytruncate in between (the follower starved for a whole rotation) leaves no trace in the
     * file, only a copy modified after this time.
     */
    private FileTime truncatedAt;
    private Fingerprint fingerprint;
    private long linesPending;
    private long bytesPending;
    private long truncatedSeen;
    private long skippedSeen;

    /**
     * @param label  the followed path the file belongs to
     * @param path   where it is now (the label, unless it was rotated while the follower was stopped)
     * @param offset where reading starts; the first bytes up to it are its head
     */
    TrackedFile(String label, Path path, String id, FileChannel channel, long offset, FollowOptions options,
                FollowSink sink, FileMeters meters) throws IOException {
        this.label = label;
        this.path = path;
        this.id = id;
        this.channel = channel;
        this.meters = meters;
        this.readOffset = offset;
        this.emittedOffset = offset;
        this.flushedOffset = offset;
        this.lagSource = this::lag;
        meters.lagFrom(lagSource);
        LineSink out = sink.open(label);
        LineSink emit = (b, off, len, end) -> {
            out.line(b, off, len, end);
            linesPending++;
            bytesPending += len;
            if (end > emittedOffset) {
                emittedOffset = end;
            }
        };
        this.stage = sink.stage(emit);
        LineSink first = stage != null ? stage : out instanceof BulkLineSink bulk ? new BulkLineSink() {
            @Override
            public void line(byte[] b, int off, int len, long end) {
                emit.line(b, off, len, end);
            }

            @Override
            public void lines(byte[] b, int off, int len, int count, long end) {
                bulk.lines(b, off, len, count, end); // a run of unchanged lines, endings included
                linesPending += count;
                bytesPending += len - count;
                emittedOffset = Math.max(emittedOffset, end);
            }
        } : emit;
        this.splitter = new LineSplitter(options.maxLineBytes(), options.truncateLongLines(), first);
        this.head = readHead(channel, Math.min(HEAD_BYTES, offset));
    }

    String label() {
        return label;
    }

    Path path() {
        return path;
    }

    String id() {
        return id;
    }

    long readOffset() {
        return readOffset;
    }

    FileMeters meters() {
        return meters;
    }

    /** The first bytes read (up to {@link #HEAD_BYTES}): what a copy of this file starts with. */
    byte[] head() {
        return head.clone();
    }

    /** Whether the first bytes are enough to pick a copy of this file by. */
    boolean hasFullHead() {
        return head.length >= HEAD_BYTES;
    }

    /** Reading starts inside a line (see {@link FollowOptions.StartFrom#NEXT_LINE}): its rest is not read as a line. */
    void startAtNextLine() {
        splitter.discardToNextLine();
    }

    /** Notes the file's size now: what this cycle reads of it (see {@link #readToNotedSize}). */
    void noteSize() throws IOException {
        notedSize = size();
    }

    /**
     * Reads up to the size noted at the start of the cycle (so that lines of a newer file are not
     * read before the last lines of a rotated one), at most {@code maxBytes}. Returns the bytes read.
     */
    long readToNotedSize(ByteBuffer buf, long maxBytes) throws IOException {
        return read(buf, notedSize, maxBytes);
    }

    /** Whether the noted size is past what was read: the writer wrote to this file. */
    boolean hasUnreadNotedBytes() {
        return notedSize > readOffset;
    }

    /** Reads everything the file holds now (shutdown). Returns the bytes read. */
    long readToEnd(ByteBuffer buf) throws IOException {
        return read(buf, size(), Long.MAX_VALUE);
    }

    /** Reads up to {@code limit} or {@code maxBytes}. Returns the bytes read. */
    private long read(ByteBuffer buf, long limit, long maxBytes) throws IOException {
        long total = 0;
        while (readOffset < limit && total < maxBytes) {
            buf.clear();
            int want = (int) Math.min(buf.capacity(), limit - readOffset);
            buf.limit(want);
            int n = channel.read(buf, readOffset);
            if (n <= 0) {
                break;
            }
            byte[] fed = head;
            if (head.length < HEAD_BYTES && head.length == readOffset) {
                // the first bytes are taken from the bytes fed, not read again from the file after
                // them: truncated and rewritten in between, the file would lend its new content's
                // first bytes to lines of the old, and the next truncation would go unseen
                fed = Arrays.copyOf(head, (int) Math.min(HEAD_BYTES, readOffset + n));
                System.arraycopy(buf.array(), 0, fed, head.length, fed.length - head.length);
            }
            if (fed.length > 0 && !Arrays.equals(fed, readHead(fed.length))) {
                // truncated and written again since the last check: these bytes may be the new
                // content's, so they are dropped here and the next check restarts at 0
                break;
            }
            head = fed;
            readOffset += n;
            total += n;
            splitter.feed(buf.array(), 0, n, readOffset);
        }
        if (head.length < HEAD_BYTES && readOffset > head.length) {
            head = readHead(Math.min(HEAD_BYTES, readOffset));
        }
        return total;
    }

    /**
     * Reads the bytes this file had past {@link #readOffset} from a copy of it (copytruncate's
     * rotated file), so that lines written between the last read and the truncation are not lost.
     */
    long readRestFrom(FileChannel copy, ByteBuffer buf) throws IOException {
        long n = feedFrom(copy, readOffset, buf, 0);
        readOffset += n;
        return n;
    }

    /**
     * Reads a whole copy of a later generation of this file: one that was copied and truncated away
     * before the follower looked again (two copytruncates between two looks). It starts and ends
     * its own lines and records; the file's read and saved offsets do not move.
     */
    long readWhole(FileChannel copy, ByteBuffer buf) throws IOException {
        flushPending();
        long keep = emittedOffset;
        long n = feedFrom(copy, 0, buf, readOffset);
        splitter.flushPartial(readOffset + n);
        if (stage != null) {
            stage.flush();
        }
        emittedOffset = keep; // the copy's offsets are not this file's
        return n;
    }

    private long feedFrom(FileChannel copy, long from, ByteBuffer buf, long offsetBase) throws IOException {
        long total = 0;
        long end = copy.size();
        long pos = from;
        while (pos < end) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), end - pos));
            int n = copy.read(buf, pos);
            if (n <= 0) {
                break;
            }
            pos += n;
            total += n;
            splitter.feed(buf.array(), 0, n, offsetBase + pos);
        }
        return total;
    }

    private long size() throws IOException {
        return channel.size();
    }

    /** Whether the file still starts with the bytes it started with (else it was truncated and rewritten). */
    boolean headUnchanged() throws IOException {
        if (head.length == 0) {
            return true;
        }
        return Arrays.equals(head, readHead(head.length));
    }

    byte[] readHead(long n) throws IOException {
        return readHead(channel, n);
    }

    /** The first {@code n} bytes of a file (fewer if it is shorter): its content fingerprint. */
    static byte[] readHead(FileChannel ch, long n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) n);
        while (b.hasRemaining()) {
            if (ch.read(b, b.position()) <= 0) {
                break;
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /** copytruncate: the rest of the last line is emitted, and reading starts again at 0. */
    void restartAfterTruncation() {
        truncatedAt = FileTime.from(Instant.now());
        splitter.flushPartial(readOffset);
        if (stage != null) {
            stage.flush();
        }
        readOffset = 0;
        emittedOffset = 0;
        flushedOffset = 0;
        head = new byte[0];
        fingerprint = null;
    }

    /** Whether the file was restarted at 0 by a truncation and not one byte of its new content was read since. */
    boolean emptySinceTruncation() {
        return truncatedAt != null && head.length == 0;
    }

    /** When the file was found truncated; forgotten from now on (its missed generations are being read). */
    FileTime takeTruncationTime() {
        FileTime t = truncatedAt;
        truncatedAt = null;
        return t;
    }

    /** The file left its path (renamed, deleted, replaced): its descriptor is read until {@code deadlineNanos}. */
    void drainUntil(long deadlineNanos) {
        drainDeadlineNanos = deadlineNanos;
    }

    boolean drainDeadlinePassed(long nowNanos) {
        return nowNanos - drainDeadlineNanos >= 0;
    }

    /** Emits what is held back: the unterminated last line and a record the stage holds. */
    void flushPending() {
        splitter.flushPartial(readOffset);
        if (stage != null) {
            stage.flush();
        }
    }

    void flushIdleRecord(long nowNanos) {
        if (stage != null) {
            stage.flushIfIdle(nowNanos);
        }
    }

    /** Called after the sink was flushed: what was emitted is now safe to save as read. */
    void markFlushed() {
        flushedOffset = emittedOffset;
    }

    /** Publishes counts gathered while reading, once per cycle rather than once per line. */
    void publishMetrics() {
        if (linesPending > 0) {
            meters.read(linesPending, bytesPending);
            linesPending = 0;
            bytesPending = 0;
        }
        if (splitter.truncatedLines() + truncatedRecords() > truncatedSeen) {
            long now = splitter.truncatedLines() + truncatedRecords();
            meters.longLines(now - truncatedSeen, 0);
            truncatedSeen = now;
        }
        if (splitter.skippedLines() > skippedSeen) {
            meters.longLines(0, splitter.skippedLines() - skippedSeen);
            skippedSeen = splitter.skippedLines();
        }
    }

    /** Bytes in the file not read yet; called by the gauge on the scrape thread. */
    long lag() {
        try {
            return Math.max(0, channel.size() - readOffset);
        } catch (IOException e) {
            return 0;
        }
    }

    private long truncatedRecords() {
        return stage == null ? 0 : stage.truncatedRecords();
    }

    /** The entry to save; the fingerprint is hashed again only while the file is under its maximum. */
    OffsetStore.Entry savedState() throws IOException {
        if (fingerprint == null || fingerprint.length() != Math.min(flushedOffset, Fingerprint.MAX)) {
            fingerprint = Fingerprint.of(channel, flushedOffset);
        }
        return new OffsetStore.Entry(id, flushedOffset, fingerprint, label);
    }

    void close() {
        meters.lagEnded(lagSource);
        try {
            channel.close();
        } catch (IOException e) {
            // closing a read-only descriptor loses nothing
        }
    }
}
