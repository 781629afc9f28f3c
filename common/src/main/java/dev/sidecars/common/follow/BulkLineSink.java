package dev.sidecars.common.follow;

/**
 * A sink that also takes a run of complete lines at once, each already ending in {@code \n}: raw
 * output copies such a run in one piece instead of line by line.
 */
public interface BulkLineSink extends LineSink {

    void lines(byte[] buf, int off, int len, int count, long endOffset);
}
