package dev.sidecars.common.follow;

/**
 * Joins a file's lines into records before they reach the sink (e.g. a stack trace's lines into
 * one record); what it emits is what counts as delivered, so it may hold lines back.
 */
public interface RecordStage extends LineSink {

    /** Emits what is held back: the file rotated or was truncated, or the follower stops. */
    void flush();

    /** Emits a record that waited long enough for its next line. */
    void flushIfIdle(long nowNanos);

    /** Records cut at the maximum size so far. */
    long truncatedRecords();
}
