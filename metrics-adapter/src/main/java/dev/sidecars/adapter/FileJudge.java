package dev.sidecars.adapter;

import java.time.Duration;
import java.util.List;

/** Decides a file check from what was read: its age, or whether a line matches. */
final class FileJudge {

    private FileJudge() {
    }

    /** {@code age} is now minus the file's last modification. */
    static Verdict judgeAge(Duration age, Duration within) {
        if (age.compareTo(within) <= 0) {
            return new Verdict(true, "modified " + age.toMillis() + "ms ago");
        }
        return new Verdict(false, "not modified for " + age.toSeconds() + "s (expected within "
                + dev.sidecars.common.env.ValueTypes.formatDuration(within) + ")");
    }

    /** {@code lines} are the file's last lines, oldest first. */
    static Verdict judgeLines(List<String> lines, java.util.regex.Pattern line) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (line.matcher(lines.get(i)).find()) {
                return new Verdict(true, "line matches /" + line.pattern() + "/");
            }
        }
        return new Verdict(false, "no line matches /" + line.pattern() + "/");
    }
}
