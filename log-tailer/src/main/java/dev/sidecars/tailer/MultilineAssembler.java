package dev.sidecars.tailer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

import dev.sidecars.common.follow.LineSink;
import dev.sidecars.common.follow.RecordStage;

/**
 * Joins lines into records: a line matching the start pattern begins a record, every other line
 * joins the record before it (a stack trace's {@code \tat ...} lines). A record is written when the
 * next one starts, when it reaches the maximum number of lines, or when it has been idle for the
 * timeout ({@link #flushIfIdle}), so that the last record of a quiet file is not held forever.
 */
final class MultilineAssembler implements RecordStage {

    private final Pattern start;
    private final int maxLines;
    private final int maxBytes;
    private final long timeoutNanos;
    private final LineSink out;
    private byte[] record = new byte[1024];
    private int recordLen;
    private int lines;
    private long recordEnd;
    private long lastLineNanos;
    private long truncatedRecords;
    private boolean recordTruncated;

    MultilineAssembler(Pattern start, int maxLines, int maxBytes, long timeoutNanos, LineSink out) {
        this.start = start;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
        this.out = out;
    }

    /** The clock is read by the caller so that tests can drive time. */
    void line(byte[] buf, int off, int len, long endOffset, long nowNanos) {
        if (lines > 0 && startsRecord(buf, off, len)) {
            flush();
        }
        int needed = (lines > 0 ? 1 : 0) + len;
        if (recordLen + needed > maxBytes && !recordTruncated) {
            recordTruncated = true;
            truncatedRecords++;
        }
        if (lines > 0) {
            append((byte) '\n');
        }
        for (int i = 0; i < len && recordLen < maxBytes; i++) {
            append(buf[off + i]);
        }
        lines++;
        recordEnd = endOffset;
        lastLineNanos = nowNanos;
        if (lines >= maxLines) {
            flush();
        }
    }

    @Override
    public void line(byte[] buf, int off, int len, long endOffset) {
        line(buf, off, len, endOffset, System.nanoTime());
    }

    @Override
    public void flushIfIdle(long nowNanos) {
        if (lines > 0 && nowNanos - lastLineNanos >= timeoutNanos) {
            flush();
        }
    }

    @Override
    public void flush() {
        if (lines > 0) {
            out.line(record, 0, recordLen, recordEnd);
        }
        recordLen = 0;
        lines = 0;
        recordTruncated = false;
    }

    boolean isEmpty() {
        return lines == 0;
    }

    @Override
    public long truncatedRecords() {
        return truncatedRecords;
    }

    private boolean startsRecord(byte[] buf, int off, int len) {
        // decoding replaces bad UTF-8 with U+FFFD, so a garbage line is simply not a start
        return start.matcher(new String(buf, off, len, StandardCharsets.UTF_8)).find();
    }

    private void append(byte b) {
        if (recordLen == maxBytes) {
            return;
        }
        if (recordLen == record.length) {
            record = Arrays.copyOf(record, Math.min(maxBytes, record.length * 2));
        }
        record[recordLen++] = b;
    }
}
