package dev.sidecars.common.follow;

import static dev.sidecars.common.follow.FollowerHarness.quick;
import static dev.sidecars.common.testing.NumberedWriter.assertExactlyOnceInOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.testing.NumberedWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real {@code logrotate} rotates the file again and again while a fast writer appends
 * 200,000 numbered lines; our follower and GNU {@code tail -F} follow it side by side, and both
 * are scored: lost, duplicated, out of order.
 */
class LogrotateTest {

    private static final int LINES = 200_000;

    @TempDir
    Path dir;

    @Test
    void shouldLoseAndDuplicateNothingWithCreateRotation() throws Exception {
        Score[] scores = run("create");
        assertEquals(new Score(LINES, 0, 0, 0, scores[0].rotations()), scores[0], "ours with create");
        assertTrue(scores[0].rotations() >= 5, "logrotate rotated only " + scores[0].rotations() + " times");
    }

    @Test
    void shouldMeasureTheCopytruncateLossWindowWithoutDuplicates() throws Exception {
        Score[] scores = run("copytruncate");
        Score ours = scores[0];
        assertEquals(0, ours.duplicated(), "ours with copytruncate: " + ours);
        assertEquals(0, ours.outOfOrder(), "ours with copytruncate: " + ours);
        assertEquals(LINES, ours.distinct() + ours.lost());
        assertTrue(ours.rotations() >= 5, "logrotate rotated only " + ours.rotations() + " times");
    }

    /**
     * olddir: logrotate moves the rotated file into another directory, which no pattern follows: what
     * the follower had not read yet is read through the descriptor it holds, not by name.
     */
    @Test
    void shouldLoseAndDuplicateNothingWhenOlddirMovesRotatedFilesAway() throws Exception {
        Files.createDirectories(dir.resolve("old"));
        Score[] scores = run("create\n  olddir " + dir.resolve("old"));
        assertEquals(new Score(LINES, 0, 0, 0, scores[0].rotations()), scores[0], "ours with olddir");
        assertTrue(scores[0].rotations() >= 5, "logrotate rotated only " + scores[0].rotations() + " times");
    }

    /**
     * The same, step by step: stdout blocks while 1.6 MB are written, so that most of the file is
     * unread when logrotate moves it to old/; then the new file gets lines. Every line of the moved
     * file must come from the old descriptor, before the new file's.
     */
    @Test
    void shouldDrainTheMovedFileByItsDescriptorWhenOlddirRotatesItAway() throws Exception {
        Path log = dir.resolve("app.log");
        Path old = Files.createDirectories(dir.resolve("old"));
        Path conf = dir.resolve("logrotate.conf");
        Files.writeString(conf, log + " {\n  rotate 5\n  size 1\n  create\n  olddir " + old + "\n}\n");
        try (FollowerHarness h = new FollowerHarness(quick(log.toString()))) {
            NumberedWriter w = new NumberedWriter(log, "");
            w.write(100, 100);
            h.awaitLines(100);
            h.out.block();
            w.write(200_000, 10_000);
            Thread.sleep(300);
            logrotate(conf);
            assertTrue(Files.size(old.resolve("app.log.1")) > 1_000_000, "the rotated file is in olddir");
            w.write(100, 100);
            h.out.unblock();
            assertExactlyOnceInOrder(h.awaitLines(200_200), "", 200_200);
            assertEquals(1, h.meters.of(log).rotations.get());
        }
    }

    private void logrotate(Path conf) throws Exception {
        Process rotate = new ProcessBuilder("logrotate", "-f", "-s", dir.resolve("status").toString(),
                conf.toString()).redirectErrorStream(true).start();
        String out = new String(rotate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, rotate.waitFor(), "logrotate failed: " + out);
    }

    /** Returns our score and tail -F's. */
    private Score[] run(String mode) throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/logrotate")),
                "this test runs Debian's logrotate: apt-get install -y logrotate (images/setup.sh)");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/tail")), "this test compares with GNU tail (coreutils)");
        Path log = dir.resolve("app.log");
        Path conf = dir.resolve("logrotate.conf");
        Files.writeString(conf, log + " {\n  rotate 10000\n  size 1\n  missingok\n  nocompress\n  " + mode + "\n}\n");
        Path tailOut = dir.resolve("tail.out");
        Files.writeString(log, "");
        Process tail = new ProcessBuilder("tail", "-n", "+1", "-F", log.toString())
                .redirectOutput(tailOut.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int rotations = 0;
        try (FollowerHarness ours = new FollowerHarness(quick(log.toString()).pollInterval(Duration.ofMillis(250)))) {
            Thread.sleep(300);
            NumberedWriter w = new NumberedWriter(log, "", false);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> w.write(LINES, 100, 1));
            while (!writer.isDone()) {
                logrotate(conf);
                rotations++;
                Thread.sleep(50);
            }
            writer.get();
            awaitQuiet(ours, tailOut);
            ours.stop();
            Score oursScore = Score.of(ours.lines(), rotations);
            tail.destroy();
            tail.waitFor(10, TimeUnit.SECONDS);
            Score tailScore = Score.of(Files.readAllLines(tailOut), rotations);
            System.out.println("logrotate " + mode.replace("\n  ", " + ") + ", " + LINES + " lines, " + rotations + " rotations: ours "
                    + oursScore + "; GNU tail -F " + tailScore);
            return new Score[] {oursScore, tailScore};
        } finally {
            tail.destroy();
        }
    }

    /** Both followers are done when neither output has grown for a second. */
    private static void awaitQuiet(FollowerHarness ours, Path tailOut) throws Exception {
        long last = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long now = ours.out.size() + Files.size(tailOut);
            if (now == last) {
                return;
            }
            last = now;
        }
    }

    /** How a follower's output compares with the numbers written. */
    record Score(int distinct, int lost, int duplicated, int outOfOrder, int rotations) {

        static Score of(List<String> lines, int rotations) throws IOException {
            boolean[] seen = new boolean[LINES];
            int distinct = 0;
            int duplicated = 0;
            int outOfOrder = 0;
            int previous = -1;
            for (String line : lines) {
                int n;
                try {
                    n = Integer.parseInt(line);
                } catch (NumberFormatException e) {
                    continue; // tail -F's "file truncated" notes go to stderr; nothing else is expected
                }
                if (n < 0 || n >= LINES) {
                    continue;
                }
                if (seen[n]) {
                    duplicated++;
                } else {
                    seen[n] = true;
                    distinct++;
                }
                if (n < previous) {
                    outOfOrder++;
                }
                previous = n;
            }
            return new Score(distinct, LINES - distinct, duplicated, outOfOrder, rotations);
        }
    }
}
