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

    /** A source after its first look at {@code log}, which holds {@code existing} then. */
    private LogSource following(Path log, String existing, boolean fromStart) throws IOException {
        append(log, existing);
        LogSource source = source(log, fromStart);
        source.poll();
        return source;
    }

    /** The app writes {@code text}, then the source looks. */
    private static void appendAndLook(LogSource source, Path file, String text) throws IOException {
        append(file, text);
        source.poll();
    }

    /** Every line read so far, in order, and the source's own count of them. */
    private void assertRead(LogSource source, String... expected) {
        assertEquals(List.of(expected), lines);
        assertEquals(expected.length, source.lines());
    }

    private static String text(LogSource source) {
        return Exposition.write(source.families(), false);
    }

    @Test
    void shouldReadOnlyNewLinesOfAnExistingFileAndWaitForUnfinishedOnes() throws IOException {
        Path log = dir.resolve("app.log");
        try (LogSource source = following(log, "old 1\nold 2\nhalf of an old line", false)) {
            assertRead(source); // history is not counted by default
            appendAndLook(source, log, " ends here\nnew 1\nnew 2 is not finish");
            assertRead(source, "new 1"); // the rest of a line begun before start-up is history too
            appendAndLook(source, log, "ed\n");
            source.poll();
            assertRead(source, "new 1", "new 2 is not finished");
        }
    }

    @Test
    void shouldReadTheWholeFileFromTheStartWhenAsked() throws IOException {
        Path log = dir.resolve("app.log");
        try (LogSource source = following(log, "old 1\nERROR old 2\ncaf\u00e9\n", true)) {
            assertRead(source, "old 1", "ERROR old 2", "caf\u00e9");
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
            appendAndLook(source, log, "first\nsecond\n");
            assertEquals(true, source.present());
            assertRead(source, "first", "second"); // a file that appears after start is new: read whole
        }
    }

    @Test
    void shouldFollowARenameRotationReadingTheOldFileToItsEndFirst() throws IOException {
        Path log = dir.resolve("app.log");
        try (LogSource source = following(log, "", false)) {
            appendAndLook(source, log, "a\n");
            append(log, "b\nunfinished");
            Files.move(log, dir.resolve("app.log.1"));
            source.poll();
            assertRead(source, "a", "b"); // renamed, no new file yet: keep reading the old one
            append(dir.resolve("app.log.1"), " c\n");
            appendAndLook(source, log, "d\n");
            assertRead(source, "a", "b", "unfinished c", "d");
            assertEquals(1, source.rotations());
            append(log, "e\n");
            // the app wrote once more through its old descriptor: read while the rotate wait lasts
            appendAndLook(source, dir.resolve("app.log.1"), "late\n");
            assertRead(source, "a", "b", "unfinished c", "d", "late", "e");
        }
    }

    @Test
    void shouldReadTheLastLinesOfADeletedFileAndThenTheRecreatedFileWhole() throws IOException {
        Path log = dir.resolve("app.log");
        try (LogSource source = following(log, "", false)) {
            try (FileChannel app = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                app.write(StandardCharsets.UTF_8.encode("1\n2\n"));
                source.poll();
                app.write(StandardCharsets.UTF_8.encode("3\n"));
                Files.delete(log);
                source.poll();
                assertEquals(false, source.present());
                app.write(StandardCharsets.UTF_8.encode("4\n")); // the app still holds the deleted file open
            }
            appendAndLook(source, log, "5\n6\n");
            assertRead(source, "1", "2", "3", "4", "5", "6"); // each line once, the old file's first
            assertEquals(true, source.present());
            assertEquals(1, source.rotations());
        }
    }

    @Test
    void shouldReadATruncatedFileAgainFromItsStart() throws IOException {
        Path log = dir.resolve("app.log");
        try (LogSource source = following(log, "", false)) {
            appendAndLook(source, log, "2026-11-22T01:00:00 one\n2026-11-22T01:00:05 two\n");
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            appendAndLook(source, log, "x\n");
            assertRead(source, "2026-11-22T01:00:00 one", "2026-11-22T01:00:05 two", "x");
            // truncated and rewritten past our offset between two looks: the changed first bytes tell
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            appendAndLook(source, log, "2026-11-22T01:01:00 a much longer line than before\n");
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
            assertRead(source);
            assertTrue(text(source).contains("\nadapter_log_read_errors_total{file=\"" + fifo + "\"} 1\n"), text(source));
        }
    }
}
