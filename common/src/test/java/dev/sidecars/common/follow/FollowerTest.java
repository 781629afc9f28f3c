package dev.sidecars.common.follow;

import static dev.sidecars.common.follow.FollowerHarness.quick;
import static dev.sidecars.common.testing.NumberedWriter.assertExactlyOnceInOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.sidecars.common.testing.CapturedOutput;
import dev.sidecars.common.testing.NumberedWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The follower in-process against real files and a writer, one rotation case per test, driven
 * through its own options; its lines are written as the log-tailer's raw output writes them.
 */
class FollowerTest {

    @TempDir
    Path dir;

    @Test
    void shouldWaitForAFileThatDoesNotExistYet() throws Exception {
        Path log = dir.resolve("sub/app.log");
        try (FollowerHarness h = new FollowerHarness(quick(log.toString()))) {
            Thread.sleep(200);
            Files.createDirectories(log.getParent());
            NumberedWriter w = new NumberedWriter(log, "");
            w.write(100, 10);
            assertExactlyOnceInOrder(h.awaitLines(100), "", 100);
        }
    }

    /** Rotates by rename ({@code app.log} to {@code app.log.N}) every 100 ms until the writer is done; returns N. */
    private int renameEvery100msWhile(CompletableFuture<Void> writer, Path log) throws Exception {
        int rotations = 0;
        while (!writer.isDone()) {
            Thread.sleep(100);
            if (Files.exists(log)) {
                Files.move(log, dir.resolve("app.log." + rotations++));
            }
        }
        writer.get();
        return rotations;
    }

    @Test
    void shouldKeepEveryLineInOrderAcrossRenameRotationsUnderAFastWriter() throws Exception {
        Path log = dir.resolve("app.log");
        int total = 60_000;
        try (FollowerHarness h = new FollowerHarness(quick(log.toString()))) {
            NumberedWriter w = new NumberedWriter(log, "");
            // 100 lines per millisecond, a rotation every 100 ms: far faster than any real rotation
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> w.write(total, 100, 1));
            int rotations = renameEvery100msWhile(writer, log);
            assertExactlyOnceInOrder(h.awaitLines(total), "", total);
            assertTrue(rotations > 3, "the test rotated only " + rotations + " times");
            h.stop();
            assertEquals(total, h.lines().size(), "no line after the stop");
            assertTrue(h.meters.of(log).rotations.get() >= 1);
        }
    }

    @Test
    void shouldReadEachLineOnceWhenTheGlobAlsoMatchesRotatedFiles() throws Exception {
        Path log = dir.resolve("app.log");
        int total = 20_000;
        try (FollowerHarness h = new FollowerHarness(quick(dir + "/app.log*"))) {
            NumberedWriter w = new NumberedWriter(log, "");
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> w.write(total, 100, 2));
            int rotations = renameEvery100msWhile(writer, log);
            w.write(10, 10); // lines written to the rotated names later must still come once
            NumberedWriter.append(dir.resolve("app.log.0"), "late\n");
            List<String> lines = h.awaitLines(total + 11);
            Thread.sleep(1500); // past the rotate wait: the drained files are found again by the glob
            h.stop();
            lines = h.lines();
            assertEquals(total + 11, lines.size(), "nothing twice; last lines: " + NumberedWriter.tail(lines));
            assertEquals(List.of("late"), lines.stream().filter(l -> l.equals("late")).toList());
            assertExactlyOnceInOrder(lines.stream().filter(l -> !l.equals("late")).toList(), "", total + 10);
            assertTrue(rotations > 3, "the test rotated only " + rotations + " times");
        }
    }

    @Test
    void shouldReadANewFileFromItsStartEvenWhenItReusesADeletedFilesInodeAndBanner() throws Exception {
        Path log = dir.resolve("app.log");
        Path state = dir.resolve("state");
        String banner = "=== app 1.0 starting, this banner is longer than the sixty-four byte fingerprint ===\n";
        TestOptions options = quick(dir + "/*.log").savingOffsetsIn(state);
        try (FollowerHarness first = new FollowerHarness(options)) {
            NumberedWriter.append(log, banner + "old 1\nold 2\n");
            first.awaitLines(3);
        }
        Files.delete(log);
        // ext4 and tmpfs hand the freed inode out again at once; the new file is longer than the old offset
        NumberedWriter.append(log, banner + "new 1\nnew 2\nnew 3\nnew 4\n");
        try (FollowerHarness second = new FollowerHarness(options)) {
            second.awaitLines(5);
            Thread.sleep(300);
            assertEquals(List.of(banner.strip(), "new 1", "new 2", "new 3", "new 4"), second.lines());
        }
    }

    @Test
    void shouldStartAgainAtZeroAfterCopytruncate() throws Exception {
        Path log = dir.resolve("app.log");
        try (FollowerHarness h = new FollowerHarness(quick(log.toString()))) {
            NumberedWriter w = new NumberedWriter(log, "");
            w.write(100, 10);
            h.awaitLines(100);
            Files.copy(log, dir.resolve("app.log.1"));
            try (var ch = Files.newByteChannel(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            Thread.sleep(200);
            w.write(100, 10);
            assertExactlyOnceInOrder(h.awaitLines(200), "", 200);
            assertEquals(1, h.meters.of(log).truncations.get());
        }
    }

    @Test
    void shouldFollowAFileDeletedAndCreatedAgain() throws Exception {
        Path log = dir.resolve("app.log");
        try (FollowerHarness h = new FollowerHarness(quick(log.toString()))) {
            NumberedWriter w = new NumberedWriter(log, "");
            w.write(50, 10);
            h.awaitLines(50);
            Files.delete(log);
            Thread.sleep(200);
            w.write(50, 10);
            assertExactlyOnceInOrder(h.awaitLines(100), "", 100);
        }
    }

    @Test
    void shouldEmitTheUnterminatedLastLineWhenTheFileRotates() throws Exception {
        Path log = dir.resolve("app.log");
        try (FollowerHarness h = new FollowerHarness(quick(log.toString()))) {
            NumberedWriter.append(log, "first\nlast without ending");
            h.awaitLines(1);
            Files.move(log, dir.resolve("app.log.1"));
            NumberedWriter.append(log, "next\n");
            assertEquals(List.of("first", "last without ending", "next"), h.awaitLines(3));
        }
    }

    @Test
    void shouldEmitTheUnterminatedLastLineAtShutdown() throws Exception {
        Path log = dir.resolve("app.log");
        FollowerHarness h = new FollowerHarness(quick(log.toString()));
        NumberedWriter.append(log, "one\r\ntwo");
        h.awaitLines(1);
        h.stop();
        assertEquals("one\ntwo\n", h.out.text(), "CRLF normalised, the rest emitted with an ending");
    }

    @Test
    void shouldResumeAfterRestartWithoutDuplicatesOrLossAcrossARotationWhileStopped() throws Exception {
        Path log = dir.resolve("app.log");
        Path state = dir.resolve("state");
        TestOptions options = quick(log.toString()).savingOffsetsIn(state);
        NumberedWriter w = new NumberedWriter(log, "");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (FollowerHarness first = new FollowerHarness(options)) {
            w.write(1000, 100);
            first.awaitLines(1000);
            w.write(500, 100);
            first.stop();
            all.write(first.out.toByteArray());
        }
        // while stopped: more lines, a rename rotation, and lines in the new file
        w.write(300, 100);
        Files.move(log, dir.resolve("app.log.1"));
        w.write(700, 100);
        try (FollowerHarness second = new FollowerHarness(options)) {
            List<String> again = second.awaitLines(1000);
            second.stop();
            all.write(second.out.toByteArray());
            assertEquals(1000, again.size(), "the second run prints only what the first did not");
        }
        List<String> lines = List.of(all.toString(StandardCharsets.UTF_8).split("\n"));
        assertExactlyOnceInOrder(lines, "", 2500);
    }

    @Test
    void shouldDiscoverNewFilesOfAGlobAndLabelTheirLinesWithTheirPath() throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        try (FollowerHarness h = new FollowerHarness(quick(dir + "/*.log"), true)) {
            NumberedWriter.append(a, "from a\n");
            h.awaitLines(1);
            NumberedWriter.append(dir.resolve("c.txt"), "not matched\n");
            NumberedWriter.append(b, "from b\n");
            h.awaitLines(2);
            Thread.sleep(200);
            assertEquals(List.of("[" + a + "] from a", "[" + b + "] from b"), h.lines());
        }
    }

    @Test
    void shouldReadOnlyNewLinesWhenStartingFromTheTail() throws Exception {
        Path log = dir.resolve("app.log");
        NumberedWriter.append(log, "old\n");
        try (FollowerHarness h = new FollowerHarness(quick(log.toString()).from(FollowOptions.StartFrom.TAIL))) {
            Thread.sleep(300);
            NumberedWriter.append(log, "new\n");
            assertEquals(List.of("new"), h.awaitLines(1));
        }
    }

    @Test
    void shouldTruncateATenMegabyteLineAndKeepFollowing() throws Exception {
        Path log = dir.resolve("app.log");
        try (FollowerHarness h = new FollowerHarness(quick(log.toString()).maxLineBytes(1024))) {
            NumberedWriter.append(log, "before\n" + "x".repeat(10 << 20) + "\nafter\n");
            List<String> lines = h.awaitLines(3);
            assertEquals(List.of("before", "x".repeat(1024), "after"), lines);
            assertEquals(1, h.meters.of(log).truncatedLines.get());
        }
    }

    @Test
    void shouldSkipAnOverlongLineWhenConfigured() throws Exception {
        Path log = dir.resolve("app.log");
        try (FollowerHarness h = new FollowerHarness(quick(log.toString()).maxLineBytes(1024).skipLongLines())) {
            NumberedWriter.append(log, "before\n" + "x".repeat(300_000) + "\nafter\n");
            assertEquals(List.of("before", "after"), h.awaitLines(2));
            assertEquals(1, h.meters.of(log).skippedLines.get());
        }
    }

    @Test
    void shouldStopReadingWhileStdoutBlocksAndRecoverCopytruncateLinesFromTheCopy() throws Exception {
        Path log = dir.resolve("app.log");
        try (FollowerHarness h = new FollowerHarness(quick(log.toString()))) {
            NumberedWriter w = new NumberedWriter(log, "");
            w.write(100, 100);
            h.awaitLines(100);
            h.out.block();
            w.write(500_000, 10_000); // 4 MB the follower cannot write out yet
            Thread.sleep(500);
            long lag = h.meters.of(log).lag();
            // copytruncate while the follower is behind: the lines it has not read are only in the copy
            Files.copy(log, dir.resolve("app.log.1"));
            try (var ch = Files.newByteChannel(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            w.write(100, 100);
            h.out.unblock();
            assertExactlyOnceInOrder(h.awaitLines(500_200), "", 500_200);
            assertTrue(lag > 3_000_000, "backpressure: the follower read on while stdout blocked, lag " + lag);
            assertEquals(1, h.meters.of(log).truncations.get());
        }
    }

    /**
     * The race behind duplicates under logrotate copytruncate, step by step between single cycles:
     * the follower has read lines 0-99; the app writes 100-199; logrotate copies the file to
     * app.log.1 and truncates it; the app writes 200-299, as many bytes as were read, so that only
     * the first bytes tell of the truncation. Next to the log lies tail.out, another follower's
     * output: it starts with the same bytes, is newer and already holds 200-299 of the new file.
     * The unread 100-199 must come from app.log.1, not from tail.out (which read 200-299 twice).
     */
    @Test
    void shouldReadTheUnreadLinesOfACopytruncateOnlyFromTheRotatedCopy() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "");
        CapturedOutput out = new CapturedOutput();
        Follower f = TestOptions.follow(log.toString()).startedManually(out);
        try {
            NumberedWriter w = new NumberedWriter(log, "");
            w.write(100, 100);
            f.pollOnce();
            assertExactlyOnceInOrder(out.lines(), "", 100);

            w.write(100, 100); // 100-199, not read before the rotation
            copytruncate(log, 1);
            w.write(100, 100); // 200-299: the same size as what was read, so only the first bytes changed
            Path tailOut = dir.resolve("tail.out");
            NumberedWriter other = new NumberedWriter(tailOut, "");
            other.write(300, 100);
            Files.setLastModifiedTime(tailOut, java.nio.file.attribute.FileTime.from(
                    Files.getLastModifiedTime(dir.resolve("app.log.1")).toInstant().plusSeconds(10)));

            f.pollOnce();
            f.pollOnce();
            assertExactlyOnceInOrder(out.lines(), "", 300);
        } finally {
            f.stopManually();
        }
        assertExactlyOnceInOrder(out.lines(), "", 300);
    }

    /**
     * Two copytruncates between two looks of the follower (a starved thread, a rotation faster than
     * its cycle): the middle generation exists only in the newer copy, app.log.1, and must be read
     * whole, after the rest of the older copy and before the file's new content.
     */
    @Test
    void shouldReadAGenerationCopiedAndTruncatedAwayBetweenTwoLooks() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "");
        CapturedOutput out = new CapturedOutput();
        Follower f = TestOptions.follow(log.toString()).startedManually(out);
        try {
            NumberedWriter w = new NumberedWriter(log, "");
            w.write(100, 100);
            f.pollOnce();
            w.write(100, 100); // 100-199: only in the first copy
            copytruncate(log, 1);
            w.write(100, 100); // 200-299: a generation the follower never sees in the file
            copytruncate(log, 2);
            w.write(100, 100); // 300-399: the file now
            f.pollOnce();
            f.pollOnce();
            assertExactlyOnceInOrder(out.lines(), "", 400);
        } finally {
            f.stopManually();
        }
    }

    /**
     * The follower restarts an emptied file at 0 and then starves through a whole rotation: the
     * generation written and copytruncated meanwhile left no trace in the file (its offset is 0 again
     * and its first bytes were never read), only the copy made since the first truncation.
     */
    @Test
    void shouldReadAGenerationCopiedAndTruncatedAwayBeforeItsFirstBytesWereRead() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "");
        CapturedOutput out = new CapturedOutput();
        Follower f = TestOptions.follow(log.toString()).startedManually(out);
        try {
            NumberedWriter w = new NumberedWriter(log, "");
            w.write(100, 100);
            f.pollOnce();
            copytruncate(log, 1);
            f.pollOnce(); // truncated, empty: restarted at 0 with nothing to read
            w.write(100, 100); // 100-199: never seen in the file
            copytruncate(log, 2);
            w.write(100, 100); // 200-299
            f.pollOnce();
            f.pollOnce();
            assertExactlyOnceInOrder(out.lines(), "", 300);
        } finally {
            f.stopManually();
        }
    }

    /**
     * A file created and renamed away before the follower's first look at it, with a glob that also
     * matches the rotated name: both files are found in one look and read oldest first.
     */
    @Test
    void shouldReadAFileRotatedAwayBeforeItsFirstLookWhenTheGlobMatchesItsNewName() throws Exception {
        Path log = dir.resolve("app.log");
        CapturedOutput out = new CapturedOutput();
        Follower f = TestOptions.follow(dir + "/app.log*").pollInterval(Duration.ofMillis(1)).startedManually(out);
        try {
            NumberedWriter w = new NumberedWriter(log, "");
            w.write(100, 100);
            Files.move(log, dir.resolve("app.log.1"));
            w.write(100, 100);
            Thread.sleep(5);
            f.pollOnce();
            assertExactlyOnceInOrder(out.lines(), "", 200);
        } finally {
            f.stopManually();
        }
    }

    /**
     * The limit: following one path, a file that was created and renamed away before the follower
     * first looked at that path was never open; its new name is not followed, so its lines are not
     * read (documented in docs/log-tailer.md, under Limits). The file that replaced it is read from its start.
     */
    @Test
    void shouldNotReadAFileRotatedAwayBeforeItsFirstLookWhenItsNewNameIsNotFollowed() throws Exception {
        Path log = dir.resolve("app.log");
        CapturedOutput out = new CapturedOutput();
        Follower f = TestOptions.follow(log.toString()).startedManually(out);
        try {
            NumberedWriter.append(log, "never seen\n");
            Files.move(log, dir.resolve("app.log.1"));
            NumberedWriter w = new NumberedWriter(log, "");
            w.write(100, 100);
            f.pollOnce();
            assertExactlyOnceInOrder(out.lines(), "", 100);
        } finally {
            f.stopManually();
        }
    }

    /** logrotate's copytruncate with numbered names: shift app.log.N up, copy to app.log.1, truncate. */
    private void copytruncate(Path log, int rotation) throws Exception {
        for (int n = rotation - 1; n >= 1; n--) {
            Files.move(dir.resolve("app.log." + n), dir.resolve("app.log." + (n + 1)));
        }
        Thread.sleep(20); // the file clock ticks every few milliseconds: copies in a clear order, as logrotate's
        Files.copy(log, dir.resolve("app.log.1"));
        try (var ch = Files.newByteChannel(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }
}
