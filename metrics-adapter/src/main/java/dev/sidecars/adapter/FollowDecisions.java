package dev.sidecars.adapter;

/** What the log follower does after each look at its file; pure, so it is tested with a table. */
final class FollowDecisions {

    private FollowDecisions() {
    }

    /** What became of the followed path since the last look. */
    enum Change {
        /** The same file (device and inode) is at the path: read on. */
        UNCHANGED,
        /** Nothing at the path: renamed away with no new file yet, or deleted. Keep the old file open. */
        GONE,
        /** Another file at the path: rotated by rename, or deleted and recreated. */
        REPLACED
    }

    /**
     * Decided after the open file was read to its end, so that the rest of a renamed file is read first.
     *
     * @param nowId device and inode now at the path, null when nothing is there
     */
    static Change change(String trackedId, String nowId) {
        if (nowId == null) {
            return Change.GONE;
        }
        return nowId.equals(trackedId) ? Change.UNCHANGED : Change.REPLACED;
    }

    /**
     * Whether the open file was truncated (copytruncate): it is shorter than what was read, or it
     * no longer starts with the bytes it started with (truncated and rewritten past the offset
     * between two looks). Decided before reading, or the new bytes would be read from the old offset.
     */
    static boolean truncated(long readOffset, long size, boolean headSame) {
        return size < readOffset || !headSame;
    }

    /**
     * Where reading a newly opened file starts. A file present at the first look holds history
     * (counted only with {@code from: start}); a file that appears later is new and read whole.
     */
    static long startOffset(boolean firstLook, boolean fromStart, long size) {
        return firstLook && !fromStart ? size : 0;
    }
}
