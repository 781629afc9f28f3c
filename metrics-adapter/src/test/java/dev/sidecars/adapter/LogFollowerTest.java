package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The follower on a real file that is appended to, truncated, rotated by rename and by Debian's logrotate. */
class LogFollowerTest {

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void shouldReadOnlyNewLinesOfAnExistingFileAndWaitForUnfinishedOnes() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "old 1\nold 2\nhalf of an old line");
        try (LogFollower follower = new LogFollower(log, false, lines::add)) {
            follower.poll();
            assertEquals(List.of(), lines, "history is not counted by default");
            append(log, " ends here\nnew 1\nnew 2 is not finish");
            follower.poll();
            assertEquals(List.of("new 1"), lines);
            append(log, "ed\n");
            follower.poll();
            follower.poll();
            assertEquals(List.of("new 1", "new 2 is not finished"), lines);
            assertEquals(2, follower.lines());
        }
    }

    @Test
    void shouldReadTheWholeFileFromTheStartWhenAsked() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "old 1\nold 2\n");
        try (LogFollower follower = new LogFollower(log, true, lines::add)) {
            follower.poll();
            assertEquals(List.of("old 1", "old 2"), lines);
        }
    }

    @Test
    void shouldWaitForAFileThatDoesNotExistYetAndReadItWhole() throws IOException {
        Path log = dir.resolve("later.log");
        try (LogFollower follower = new LogFollower(log, false, lines::add)) {
            follower.poll();
            assertEquals(false, follower.present());
            append(log, "first\nsecond\n");
            follower.poll();
            assertEquals(true, follower.present());
            assertEquals(List.of("first", "second"), lines, "a file that appears after start is new: read whole");
        }
    }

    @Test
    void shouldFollowARenameRotationReadingTheOldFileToItsEndFirst() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        try (LogFollower follower = new LogFollower(log, false, lines::add)) {
            follower.poll();
            append(log, "a\n");
            follower.poll();
            append(log, "b\nunfinished");
            Files.move(log, dir.resolve("app.log.1"));
            follower.poll();
            assertEquals(List.of("a", "b"), lines, "renamed, no new file yet: keep reading the old one");
            append(dir.resolve("app.log.1"), " c\n");
            append(log, "d\n");
            follower.poll();
            assertEquals(List.of("a", "b", "unfinished c", "d"), lines);
            assertEquals(1, follower.rotations());
            append(log, "e\n");
            follower.poll();
            assertEquals(List.of("a", "b", "unfinished c", "d", "e"), lines);
        }
    }

    @Test
    void shouldReadATruncatedFileAgainFromItsStart() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        try (LogFollower follower = new LogFollower(log, false, lines::add)) {
            follower.poll();
            append(log, "2026-11-22T01:00:00 one\n2026-11-22T01:00:05 two\n");
            follower.poll();
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            append(log, "x\n");
            follower.poll();
            assertEquals(List.of("2026-11-22T01:00:00 one", "2026-11-22T01:00:05 two", "x"), lines);
            // truncated and rewritten past our offset between two looks: the changed first bytes tell
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            append(log, "2026-11-22T01:01:00 a much longer line than before\n");
            follower.poll();
            assertEquals("2026-11-22T01:01:00 a much longer line than before", lines.getLast());
            assertEquals(2, follower.truncations());
            assertEquals(4, follower.lines());
        }
    }

    @Test
    void shouldCountEveryLineAcrossDebiansLogrotateInBothModes() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/logrotate")),
                "this test runs Debian's logrotate: apt-get install -y logrotate (images/setup.sh)");
        for (String mode : List.of("create", "copytruncate")) {
            lines.clear();
            Path log = dir.resolve(mode + ".log");
            append(log, "");
            Path conf = dir.resolve(mode + ".conf");
            Files.writeString(conf, log + " {\n  rotate 3\n  " + mode + "\n  missingok\n}\n");
            try (LogFollower follower = new LogFollower(log, false, lines::add)) {
                follower.poll();
                int written = 0;
                for (int round = 0; round < 4; round++) {
                    for (int i = 0; i < 50; i++) {
                        append(log, "line " + written++ + "\n");
                    }
                    follower.poll();
                    for (int i = 0; i < 50; i++) {
                        append(log, "line " + written++ + "\n");
                    }
                    // the app keeps no file open here, so every line is in the file logrotate moves or truncates
                    Process rotate = new ProcessBuilder("logrotate", "-f", "-s", dir.resolve(mode + ".status").toString(),
                            conf.toString()).redirectErrorStream(true).start();
                    assertTrue(rotate.waitFor(60, TimeUnit.SECONDS), "logrotate did not finish");
                    assertEquals(0, rotate.exitValue(), new String(rotate.getInputStream().readAllBytes()));
                    follower.poll();
                }
                assertEquals(400, written);
                assertEquals(written, lines.size(), mode + ": " + lines);
                for (int i = 0; i < written; i++) {
                    assertEquals("line " + i, lines.get(i), mode + ": each line once, in order");
                }
                if (mode.equals("create")) {
                    assertEquals(4, follower.rotations());
                } else {
                    // the lines written since the last look are only in logrotate's copy, app.log.1
                    assertEquals(4, follower.truncations());
                }
            }
        }
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a blocked open fails the test, not the build
    void shouldCountAnErrorAndNotBlockWhenThePathIsNotARegularFile() throws Exception {
        Path fifo = dir.resolve("fifo.log");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        try (LogFollower follower = new LogFollower(fifo, true, lines::add)) {
            follower.poll(); // opening a FIFO for reading would wait for a writer forever
            assertEquals(1, follower.readErrors());
            assertEquals(List.of(), lines);
        }
    }
}
