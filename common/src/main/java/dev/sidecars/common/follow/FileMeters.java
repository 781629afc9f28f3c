package dev.sidecars.common.follow;

import java.util.function.LongSupplier;

/** Counts of one followed path, published once per cycle rather than once per line. */
public interface FileMeters {

    /** Records delivered to the sink, and their bytes (line endings not counted). */
    void read(long records, long bytes);

    /** Another file replaced the path (rename rotation, deletion and recreation). */
    void rotated();

    /** The file was truncated under the follower (copytruncate). */
    void truncated();

    /** Lines (or records) over the maximum since the last call: cut, or dropped. */
    void longLines(long truncated, long skipped);

    /** Bytes in the file not read yet, from the file now at the path; may be read on any thread. */
    void lagFrom(LongSupplier lag);

    /** The file behind {@code lag} was closed: its lag is 0 unless another file took over. */
    void lagEnded(LongSupplier lag);
}
