package dev.sidecars.common.follow;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where the follower's lines go. Called on the follower's thread only; a call may block (a slow
 * reader of stdout), and the follower then stops reading files: that is the backpressure.
 */
public interface FollowSink {

    /** The sink cannot take lines any more: the follower saves its offsets and stops. */
    class Failed extends UncheckedIOException {
        public Failed(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** Where the lines of one file, named by the path it was found at, go; called once per opened file. */
    LineSink open(String label);

    /** Joins lines into records before {@code next}; null (the default): one line, one record. */
    default RecordStage stage(LineSink next) {
        return null;
    }

    /** Delivers what is buffered; after it returns, what was handed in is saved as read. */
    default void flush() {
    }

    /** Whether buffered lines have waited {@code maxDelayNanos} already (flushed even while busy). */
    default boolean flushDue(long nowNanos, long maxDelayNanos) {
        return false;
    }
}
