package dev.sidecars.common.follow;

/** Receives complete lines (without their line ending), as slices that are valid only during the call. */
public interface LineSink {

    /** @param endOffset the file offset just after this line's ending: where a restart resumes */
    void line(byte[] buf, int off, int len, long endOffset);
}
