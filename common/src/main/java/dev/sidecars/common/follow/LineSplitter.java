package dev.sidecars.common.follow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits one file's bytes into lines, byte for byte. A line ending is {@code \n}; a {@code \r}
 * before it is removed (the ending is normalised). Lines longer than the maximum are truncated or
 * skipped so that one huge line can neither stop the stream nor take unbounded memory.
 */
final class LineSplitter {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int maxLine;
    private final boolean truncate;
    private final LineSink sink;
    /** Set when lines that need no change may be passed on as one run. */
    private final BulkLineSink bulk;
    private int runStart = -1;
    private int runEnd;
    private int runCount;
    private long runEndOffset;
    /** The start of a line whose ending has not been read yet (copied out of the read buffer). */
    private byte[] partial = new byte[256];
    private int partialLen;
    /** The current line is over the limit: its bytes are discarded until the next ending. */
    private boolean discarding;
    private long truncatedLines;
    private long skippedLines;

    LineSplitter(int maxLine, boolean truncate, LineSink sink) {
        this.maxLine = maxLine;
        this.truncate = truncate;
        this.sink = sink;
        this.bulk = sink instanceof BulkLineSink b ? b : null;
    }

    /** @param endOffset the file offset just after {@code buf[off + len - 1]} */
    void feed(byte[] buf, int off, int len, long endOffset) {
        int end = off + len;
        long base = endOffset - end; // file offset of buf[0]
        int start = off;
        for (int i = indexOfNewline(buf, off, end); i >= 0; i = indexOfNewline(buf, i + 1, end)) {
            long lineEnd = base + i + 1;
            if (discarding) {
                discarding = false;
            } else if (partialLen == 0) {
                int lineLen = i - start;
                if (bulk != null && lineLen <= maxLine && (lineLen == 0 || buf[i - 1] != '\r')) {
                    // a line as it will be written: extend the run instead of emitting it alone
                    if (runStart < 0) {
                        runStart = start;
                    }
                    runEnd = i + 1;
                    runCount++;
                    runEndOffset = lineEnd;
                } else {
                    flushRun(buf);
                    emit(buf, start, lineLen, lineEnd);
                }
            } else {
                append(buf, start, i - start, base + start);
                if (!discarding) {
                    emit(partial, 0, partialLen, lineEnd);
                }
                partialLen = 0;
                discarding = false;
            }
            start = i + 1;
        }
        flushRun(buf);
        if (start < end && !discarding) {
            append(buf, start, end - start, base + start);
        }
    }

    /**
     * The next {@code \n} in {@code b[from, to)}, or -1. Eight bytes per step (a zero-byte test on
     * the word XOR newlines): the scan is most of the work of following a busy file.
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Emits the unterminated rest as a line: the file rotated, or the follower stops. */
    void flushPartial(long endOffset) {
        if (partialLen > 0) {
            emit(partial, 0, partialLen, endOffset);
        }
        partialLen = 0;
        discarding = false;
    }

    /** Reading starts inside a line (the end of a file whose last line is unfinished): its rest is dropped. */
    void discardToNextLine() {
        partialLen = 0;
        discarding = true;
    }

    long truncatedLines() {
        return truncatedLines;
    }

    long skippedLines() {
        return skippedLines;
    }

    private void flushRun(byte[] buf) {
        if (runStart >= 0) {
            bulk.lines(buf, runStart, runEnd - runStart, runCount, runEndOffset);
            runStart = -1;
            runCount = 0;
        }
    }

    private void emit(byte[] b, int off, int len, long endOffset) {
        if (len > 0 && b[off + len - 1] == '\r') {
            len--;
        }
        if (len > maxLine) {
            // only reachable for a line wholly inside one read buffer
            if (truncate) {
                truncatedLines++;
                sink.line(b, off, maxLine, endOffset);
            } else {
                skippedLines++;
            }
            return;
        }
        sink.line(b, off, len, endOffset);
    }

    /** @param position the file offset of {@code b[off]} */
    private void append(byte[] b, int off, int len, long position) {
        // one more byte than the maximum is kept, so that a trailing \r can still be removed
        int room = maxLine + 1 - partialLen;
        if (len > room) {
            if (truncate) {
                truncatedLines++;
                append0(b, off, room);
                int keep = Math.min(partialLen, maxLine);
                // the line is out now; its rest is discarded up to the ending
                sink.line(partial, 0, keep, position + room);
            } else {
                skippedLines++;
            }
            partialLen = 0;
            discarding = true;
            return;
        }
        append0(b, off, len);
    }

    private void append0(byte[] b, int off, int len) {
        if (partialLen + len > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLen + len, Math.min(partial.length * 2, maxLine + 1)));
        }
        System.arraycopy(b, off, partial, partialLen, len);
        partialLen += len;
    }
}
