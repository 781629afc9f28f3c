package dev.sidecars.common.follow;

import java.time.Duration;
import java.util.List;

/**
 * What to follow and how.
 *
 * @param paths             absolute paths or globs in the file name ({@link PathPattern})
 * @param from              where a file without a saved offset that exists at start-up is read from
 * @param pollInterval      how often files are looked at without an inotify event
 * @param rotateWait        how long a renamed or deleted file's descriptor is still read
 * @param stateInterval     how often offsets are saved (when there is an {@link OffsetStore}) and
 *                          closed files that no longer exist are forgotten
 * @param maxLineBytes      the longest line handed to the sink
 * @param truncateLongLines a longer line is cut to the maximum (true) or dropped (false)
 */
public record FollowOptions(List<String> paths, StartFrom from, Duration pollInterval, Duration rotateWait,
                            Duration stateInterval, int maxLineBytes, boolean truncateLongLines) {

    /** Where reading a file that exists at start-up begins, when no offset was saved for it. */
    public enum StartFrom {
        /** Its first byte. */
        HEAD,
        /** Its end, byte for byte as {@code tail -n0}: the rest of an unfinished last line is read. */
        TAIL,
        /** Its end, and an unfinished last line is history too: reading starts with the next line. */
        NEXT_LINE
    }

    public FollowOptions {
        paths = List.copyOf(paths);
    }
}
