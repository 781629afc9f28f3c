package dev.sidecars.tailer;

import static dev.sidecars.common.testing.NumberedWriter.assertExactlyOnceInOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.sidecars.common.ExitCodes;
import dev.sidecars.common.follow.OffsetStore;
import dev.sidecars.common.testing.NumberedWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real tailer process: what its exit leaves in the state directory, and what a restart prints. */
class TailerProcessTest {

    /** NumberedWriter's lines are seven digits and a newline. */
    private static final int LINE_BYTES = 8;

    @TempDir
    Path dir;

    @Test
    void shouldSaveOffsetsAndExitNonZeroWhenStdoutIsClosed() throws Exception {
        Path log = dir.resolve("app.log");
        Path state = dir.resolve("state");
        // no periodic save within the test: the offsets on disk are the ones saved on the way out
        Map<String, String> env = Map.of("TAILER_PATHS", log.toString(), "TAILER_STATE_DIR", state.toString(),
                "TAILER_STATE_INTERVAL", "1h");
        NumberedWriter w = new NumberedWriter(log, "");
        w.write(1000, 100);
        try (TailerProcess first = new TailerProcess(dir, "first", env)) {
            assertExactlyOnceInOrder(first.awaitLines(1000), "", 1000);
            Thread.sleep(300); // nothing more is in the pipe
            first.closeStdout();
            w.write(1000, 100); // the tailer reads these and cannot write them
            assertEquals(ExitCodes.STDOUT_FAILED, first.awaitExit(), first.stderr());
            assertTrue(first.stderr().contains("\"message\":\"stdout cannot be written, saving offsets and exiting\""),
                    first.stderr());
        }
        assertEquals(1000 * LINE_BYTES, savedOffset(state, log), "the offset of the last line written out");
        try (TailerProcess second = new TailerProcess(dir, "second", env)) {
            List<String> lines = second.awaitLines(1000);
            Thread.sleep(300);
            assertEquals(1000, second.lines().size(), "nothing twice: " + NumberedWriter.tail(second.lines()));
            for (int i = 0; i < 1000; i++) {
                assertEquals(NumberedWriter.number(1000 + i), lines.get(i));
            }
        }
    }

    /**
     * SIGKILL (an OOM kill, a node failure) skips the save at shutdown: the restart resumes at the
     * last periodic save. Nothing is lost; the lines written to stdout after that save come again,
     * and only those.
     */
    @Test
    void shouldLoseNoLineWhenKilledBetweenOffsetSaves() throws Exception {
        Path log = dir.resolve("app.log");
        Path state = dir.resolve("state");
        Map<String, String> env = Map.of("TAILER_PATHS", log.toString(), "TAILER_STATE_DIR", state.toString(),
                "TAILER_STATE_INTERVAL", "500ms");
        int total = 40_000;
        Files.writeString(log, "");
        NumberedWriter w = new NumberedWriter(log, "");
        List<String> before;
        long delivered;
        long lastSave;
        long savedLines;
        CompletableFuture<Void> writer;
        try (TailerProcess first = new TailerProcess(dir, "first", env)) {
            writer = CompletableFuture.runAsync(() -> w.write(total, 100, 10)); // ~10,000 lines/s
            first.awaitLines(5000);
            Thread.sleep(700); // somewhere between two saves
            first.process.destroyForcibly();
            assertEquals(128 + 9, first.awaitExit(), "killed by SIGKILL");
            before = first.lines();
            lastSave = Files.getLastModifiedTime(state.resolve(OffsetStore.FILE)).toMillis();
            long offset = savedOffset(state, log);
            assertEquals(0, offset % LINE_BYTES, "saved at a line boundary: " + offset);
            savedLines = offset / LINE_BYTES;
            delivered = before.size();
            // the duplicates to come are exactly the lines out after the last save (the file clock is coarse)
            assertTrue(delivered - savedLines <= first.arrivedSince(lastSave - 50),
                    "saved " + savedLines + " of " + delivered + " lines written out, "
                            + first.arrivedSince(lastSave - 50) + " of them after the last save");
        }
        System.out.println("SIGKILL after " + delivered + " lines out; offsets saved at line " + savedLines + ": "
                + (delivered - savedLines) + " lines come again");
        assertExactlyOnceInOrder(before, "", (int) delivered);
        assertTrue(savedLines > 0 && savedLines <= delivered, "saved " + savedLines + " of " + delivered);
        try (TailerProcess second = new TailerProcess(dir, "second", env)) {
            writer.get();
            List<String> after = second.awaitLines((int) (total - savedLines));
            second.process.destroy(); // SIGTERM: drain and exit 0
            assertEquals(0, second.awaitExit(), second.stderr());
            after = second.lines();
            assertEquals(total - savedLines, after.size(), "resumed at the saved offset; last lines: "
                    + NumberedWriter.tail(after));
            for (int i = 0; i < after.size(); i++) {
                assertEquals(NumberedWriter.number((int) savedLines + i), after.get(i), "line " + i + " after the restart");
            }
        }
    }

    private static long savedOffset(Path state, Path log) throws Exception {
        for (String line : Files.readAllLines(state.resolve(OffsetStore.FILE))) {
            String[] f = line.split("\t");
            if (f[4].equals(log.toString())) {
                return Long.parseLong(f[1]);
            }
        }
        throw new AssertionError("no offset saved for " + log + ": " + Files.readString(state.resolve(OffsetStore.FILE)));
    }
}
