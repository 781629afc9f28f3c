package dev.sidecars.common.follow;

/** The follower's decisions, pure so that they are tested with tables. */
final class FileDecisions {

    private FileDecisions() {
    }

    /** What became of a followed path since the last look. */
    enum Change {
        /** Same file, same or more bytes: read on. */
        UNCHANGED,
        /** Nothing at the path: deleted, or renamed without a new file yet. */
        GONE,
        /** Another file (device+inode) at the path: rename rotation, or deleted and recreated. */
        REPLACED,
        /** Same file, but shorter than what was read, or its first bytes changed: copytruncate. */
        TRUNCATED
    }

    /**
     * @param nowId      the identity now at the path, null when nothing is there
     * @param headSame   whether the file still starts with the bytes it started with when read
     */
    static Change change(String trackedId, long readOffset, String nowId, long nowSize, boolean headSame) {
        if (nowId == null) {
            return Change.GONE;
        }
        if (!nowId.equals(trackedId)) {
            return Change.REPLACED;
        }
        if (nowSize < readOffset || !headSame) {
            return Change.TRUNCATED;
        }
        return Change.UNCHANGED;
    }

    /**
     * Whether {@code candidate} may be a rotated copy of {@code followed} by logrotate's names:
     * {@code app.log.1}, {@code app.log-20261122}, {@code app.log.1.gz}, or with {@code extension
     * .log} {@code app.1.log}, {@code app-20261122.log}. Anything else next to the file (tail.out,
     * other.log) is not read as a copy, even when it starts with the same bytes.
     */
    static boolean mayBeRotatedName(String followed, String candidate) {
        if (candidate.equals(followed)) {
            return false;
        }
        if (candidate.length() > followed.length() + 1 && candidate.startsWith(followed)
                && isSeparator(candidate.charAt(followed.length()))) {
            return true;
        }
        int dot = followed.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        String stem = followed.substring(0, dot);
        String ext = followed.substring(dot);
        return candidate.length() > stem.length() + 1 + ext.length() && candidate.startsWith(stem)
                && isSeparator(candidate.charAt(stem.length())) && candidate.endsWith(ext);
    }

    /** logrotate's compressed rotated files: their bytes are not the log's lines. */
    static boolean isCompressedName(String name) {
        return name.endsWith(".gz") || name.endsWith(".bz2") || name.endsWith(".xz") || name.endsWith(".zst")
                || name.endsWith(".lz4") || name.endsWith(".Z") || name.endsWith(".zip");
    }

    /**
     * Which of two rotated names of {@code followed} is older, for files with the same modification
     * time: a numbered name with a higher number ({@code app.log.3} before {@code app.log.2}), else
     * the name that sorts first (dates: {@code app.log-20261121} before {@code app.log-20261122}).
     * Negative when {@code a} is older.
     */
    static int compareRotatedNames(String followed, String a, String b) {
        long na = rotationNumber(followed, a);
        long nb = rotationNumber(followed, b);
        if (na >= 0 && nb >= 0 && na != nb) {
            return Long.compare(nb, na);
        }
        return a.compareTo(b);
    }

    /** N of {@code followed.N}, or -1. */
    private static long rotationNumber(String followed, String name) {
        if (name.length() <= followed.length() + 1 || !name.startsWith(followed)
                || name.charAt(followed.length()) != '.') {
            return -1;
        }
        String n = name.substring(followed.length() + 1);
        if (n.length() > 18 || !n.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(n);
    }

    private static boolean isSeparator(char c) {
        return c == '.' || c == '-' || c == '_';
    }

    static final String FROM_TAIL = "from tail";

    /** Where reading a file starts when the follower first opens it, and why. */
    record Start(long offset, String reason) {
    }

    /**
     * @param saved           the saved offset for this file's identity, or -1 when none
     * @param headMatches     whether the file's first bytes match the saved fingerprint (inode reuse check)
     * @param atStartup       the file existed when the follower started (else it appeared while running)
     */
    static Start start(long saved, boolean headMatches, long size, boolean atStartup, FollowOptions.StartFrom from,
                       boolean stateExisted) {
        if (saved >= 0 && headMatches) {
            if (saved > size) {
                return new Start(0, "truncated while stopped");
            }
            return new Start(saved, "resumed");
        }
        if (saved >= 0) {
            return new Start(0, "inode reused by another file");
        }
        if (!atStartup) {
            return new Start(0, "new file");
        }
        if (stateExisted) {
            // offsets were saved before: a file unknown to them was created while the follower was down
            return new Start(0, "created while stopped");
        }
        return from == FollowOptions.StartFrom.HEAD ? new Start(0, "from head") : new Start(size, FROM_TAIL);
    }
}
