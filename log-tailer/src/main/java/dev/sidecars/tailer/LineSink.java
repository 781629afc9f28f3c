package dev.sidecars.tailer;

/** Receives complete lines (without their line ending), as slices that are valid only during the call. */
interface LineSink {

    /** @param endOffset the file offset just after this line's ending: where a restart resumes */
    void line(byte[] buf, int off, int len, long endOffset);
}

/**
 * A sink that also takes a run of complete lines at once, each already ending in {@code \n}: raw
 * output copies such a run in one piece instead of line by line.
 */
interface BulkLineSink extends LineSink {

    void lines(byte[] buf, int off, int len, int count, long endOffset);
}
