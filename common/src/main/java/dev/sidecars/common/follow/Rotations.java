package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;

import dev.sidecars.common.log.Log;

/**
 * What became of each followed path since the last cycle ({@link FileDecisions#change}), and what
 * follows from it: a file deleted or renamed away is drained by its descriptor, a file replaced
 * has its successor opened, a file truncated (copytruncate) is read on from its copies and then
 * from its start again.
 */
final class Rotations {

    // the follower's logger: the follower logs under one name, whichever part of it speaks
    private static final Log log = Log.get(Follower.class);

    private final OpenFiles files;
    private final Discovery discovery;
    private final CopytruncateRecovery recovery;

    Rotations(OpenFiles files, Discovery discovery, CopytruncateRecovery recovery) {
        this.files = files;
        this.discovery = discovery;
        this.recovery = recovery;
    }

    /** Looks at every followed path. */
    void checkAll(long nowNanos) throws IOException {
        for (TrackedFile t : files.atPaths()) {
            check(t, nowNanos);
        }
    }

    private void check(TrackedFile t, long nowNanos) throws IOException {
        BasicFileAttributes attrs = FileIdentity.stat(t.path());
        String nowId = attrs == null ? null : FileIdentity.of(attrs);
        boolean sameFile = nowId != null && nowId.equals(t.id());
        boolean headSame = sameFile ? t.headUnchanged() : true;
        long size = attrs == null ? 0 : attrs.size();
        if (sameFile && size > 0 && t.emptySinceTruncation()) {
            recovery.readGenerationsMissedSinceTruncation(t);
        }
        switch (FileDecisions.change(t.id(), t.readOffset(), nowId, size, headSame)) {
            case UNCHANGED -> {
            }
            case GONE -> files.rotatedAway(t, nowNanos, "gone");
            case REPLACED -> {
                files.rotatedAway(t, nowNanos, "replaced");
                discovery.openReplacement(t.path());
            }
            case TRUNCATED -> {
                log.info("file truncated, reading from its start", "file", t.label(), "readOffset", t.readOffset(),
                        "size", size);
                t.meters().truncated();
                recovery.readRestFromCopy(t);
                t.restartAfterTruncation();
            }
        }
    }
}
