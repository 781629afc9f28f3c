package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log source on a real file that is appended to, truncated, rotated by rename, deleted and
 * recreated, and rotated by Debian's logrotate: the shared follower through the adapter's wiring.
 */
class LogSourceTest {

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private LogSource source(Path file, boolean fromStart) {
        Endpoints.LogFile spec = new Endpoints.LogFile("/metrics", file, fromStart, Duration.ofSeconds(1),
                LogCounterSpec.parseList("all_total=.*,errors_total=ERROR"));
        return new LogSource(spec, Clock.systemUTC(), lines::add);
    }

    private static String text(LogSource source) {
        return Exposition.write(source.families(), false);
    }

    @Test
    void shouldReadOnlyNewLinesOfAnExistingFileAndWaitForUnfinishedOnes() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "old 1\nold 2\nhalf of an old line");
        try (LogSource source = source(log, false)) {
            source.poll();
            assertEquals(List.of(), lines, "history is not counted by default");
            append(log, " ends here\nnew 1\nnew 2 is not finish");
            source.poll();
            assertEquals(List.of("new 1"), lines, "the rest of a line begun before start-up is history too");
            append(log, "ed\n");
            source.poll();
            source.poll();
            assertEquals(List.of("new 1", "new 2 is not finished"), lines);
            assertEquals(2, source.lines());
        }
    }

    @Test
    void shouldReadTheWholeFileFromTheStartWhenAsked() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "old 1\nERROR old 2\ncaf\u00e9\n");
        try (LogSource source = source(log, true)) {
            source.poll();
            assertEquals(List.of("old 1", "ERROR old 2", "caf\u00e9"), lines);
            String text = text(source);
            assertTrue(text.contains("\nall_total 3\n") && text.contains("\nerrors_total 1\n"), text);
            assertTrue(text.contains("\nadapter_log_lines_total{file=\"" + log + "\"} 3\n"), text);
        }
    }

    @Test
    void shouldWaitForAFileThatDoesNotExistYetAndReadItWhole() throws IOException {
        Path log = dir.resolve("later.log");
        try (LogSource source = source(log, false)) {
            source.poll();
            assertEquals(false, source.present());
            assertTrue(text(source).contains("\nadapter_log_file_present{file=\"" + log + "\"} 0\n"), text(source));
            append(log, "first\nsecond\n");
            source.poll();
            assertEquals(true, source.present());
            assertEquals(List.of("first", "second"), lines, "a file that appears after start is new: read whole");
        }
    }

    @Test
    void shouldFollowARenameRotationReadingTheOldFileToItsEndFirst() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        try (LogSource source = source(log, false)) {
            source.poll();
            append(log, "a\n");
            source.poll();
            append(log, "b\nunfinished");
            Files.move(log, dir.resolve("app.log.1"));
            source.poll();
            assertEquals(List.of("a", "b"), lines, "renamed, no new file yet: keep reading the old one");
            append(dir.resolve("app.log.1"), " c\n");
            append(log, "d\n");
            source.poll();
            assertEquals(List.of("a", "b", "unfinished c", "d"), lines);
            assertEquals(1, source.rotations());
            append(log, "e\n");
            // the app wrote once more through its old descriptor: read while the rotate wait lasts
            append(dir.resolve("app.log.1"), "late\n");
            source.poll();
            assertEquals(List.of("a", "b", "unfinished c", "d", "late", "e"), lines);
            assertEquals(6, source.lines());
        }
    }

    @Test
    void shouldReadTheLastLinesOfADeletedFileAndThenTheRecreatedFileWhole() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        try (LogSource source = source(log, false)) {
            source.poll();
            try (FileChannel app = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                app.write(StandardCharsets.UTF_8.encode("1\n2\n"));
                source.poll();
                app.write(StandardCharsets.UTF_8.encode("3\n"));
                Files.delete(log);
                source.poll();
                assertEquals(false, source.present());
                app.write(StandardCharsets.UTF_8.encode("4\n")); // the app still holds the deleted file open
            }
            append(log, "5\n6\n");
            source.poll();
            assertEquals(List.of("1", "2", "3", "4", "5", "6"), lines, "each line once, the old file's first");
            assertEquals(true, source.present());
            assertEquals(1, source.rotations());
        }
    }

    @Test
    void shouldReadATruncatedFileAgainFromItsStart() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        try (LogSource source = source(log, false)) {
            source.poll();
            append(log, "2026-11-22T01:00:00 one\n2026-11-22T01:00:05 two\n");
            source.poll();
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            append(log, "x\n");
            source.poll();
            assertEquals(List.of("2026-11-22T01:00:00 one", "2026-11-22T01:00:05 two", "x"), lines);
            // truncated and rewritten past our offset between two looks: the changed first bytes tell
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            append(log, "2026-11-22T01:01:00 a much longer line than before\n");
            source.poll();
            assertEquals("2026-11-22T01:01:00 a much longer line than before", lines.getLast());
            assertEquals(2, source.truncations());
            assertEquals(4, source.lines());
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
            try (LogSource source = source(log, false)) {
                source.poll();
                int written = 0;
                for (int round = 0; round < 4; round++) {
                    for (int i = 0; i < 50; i++) {
                        append(log, "line " + written++ + "\n");
                    }
                    source.poll();
                    for (int i = 0; i < 50; i++) {
                        append(log, "line " + written++ + "\n");
                    }
                    // the app keeps no file open here, so every line is in the file logrotate moves or truncates
                    Process rotate = new ProcessBuilder("logrotate", "-f", "-s", dir.resolve(mode + ".status").toString(),
                            conf.toString()).redirectErrorStream(true).start();
                    assertTrue(rotate.waitFor(60, TimeUnit.SECONDS), "logrotate did not finish");
                    assertEquals(0, rotate.exitValue(), new String(rotate.getInputStream().readAllBytes()));
                    source.poll();
                }
                assertEquals(400, written);
                assertEquals(written, lines.size(), mode + ": " + lines);
                for (int i = 0; i < written; i++) {
                    assertEquals("line " + i, lines.get(i), mode + ": each line once, in order");
                }
                assertEquals(written, source.lines());
                if (mode.equals("create")) {
                    assertEquals(4, source.rotations());
                } else {
                    // the lines written since the last look are only in logrotate's copy, app.log.1
                    assertEquals(4, source.truncations());
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
        try (LogSource source = source(fifo, true)) {
            source.poll(); // opening a FIFO for reading would wait for a writer forever
            assertEquals(1, source.readErrors());
            assertEquals(List.of(), lines);
            assertTrue(text(source).contains("\nadapter_log_read_errors_total{file=\"" + fifo + "\"} 1\n"), text(source));
        }
    }
}
