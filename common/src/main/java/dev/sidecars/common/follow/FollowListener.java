package dev.sidecars.common.follow;

import java.nio.file.Path;

/** The follower's meters: per file, and for the whole follower. Called on the follower's thread. */
public interface FollowListener {

    /** The meters of the files found at {@code label} (the same object for every file at that path). */
    FileMeters file(String label);

    /** Files open for reading, rotated ones still being drained included; once per cycle. */
    default void followed(int files) {
    }

    /** A path could not be read (not a regular file, permission denied, ...); at every failed look. */
    default void problem(Path path, String reason) {
    }
}
