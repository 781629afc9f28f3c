package dev.sidecars.tailer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.testing.NumberedWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tailer in-process, configured by its environment: what each output setting writes to stdout
 * for the lines the follower reads (how the follower reads them is tested in common's FollowerTest).
 */
class TailerOutputTest {

    @TempDir
    Path dir;

    @Test
    void shouldPrefixEachLineWithItsFileWhenConfigured() throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        try (TailerHarness h = new TailerHarness(Map.of("TAILER_PATHS", dir + "/*.log", "TAILER_OUTPUT", "prefixed"))) {
            NumberedWriter.append(a, "from a\n");
            h.awaitLines(1);
            NumberedWriter.append(b, "from b\n");
            assertEquals(List.of("[" + a + "] from a", "[" + b + "] from b"), h.awaitLines(2));
        }
    }

    @Test
    void shouldJoinAStackTraceIntoOneJsonRecord() throws Exception {
        Path log = dir.resolve("app.log");
        try (TailerHarness h = new TailerHarness(Map.of("TAILER_PATHS", log.toString(), "TAILER_OUTPUT", "json",
                "TAILER_MULTILINE_START", "^\\d{4}-", "TAILER_MULTILINE_TIMEOUT", "200ms"))) {
            NumberedWriter.append(log, """
                    2026-01-01 ERROR boom
                    java.lang.IllegalStateException: "bad"
                    \tat a.B.c(B.java:1)
                    2026-01-01 INFO after
                    """);
            List<String> records = h.awaitLines(2);
            assertTrue(records.get(0).startsWith("{\"file\":\"" + log + "\",\"line\":\"2026-01-01 ERROR boom\\n"
                    + "java.lang.IllegalStateException: \\\"bad\\\"\\n\\tat a.B.c(B.java:1)\",\"time\":\""), records.get(0));
            assertTrue(records.get(1).contains("\"line\":\"2026-01-01 INFO after\""), records.get(1));
        }
    }

    @Test
    void shouldPassBinaryGarbageByteForByte() throws Exception {
        Path log = dir.resolve("app.log");
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 'a', '\n'};
        try (TailerHarness h = new TailerHarness(Map.of("TAILER_PATHS", log.toString()))) {
            Files.write(log, garbage);
            h.awaitLines(1);
            assertArrayEquals(garbage, h.out.toByteArray());
        }
    }

    @Test
    void shouldReplaceInvalidUtf8WhenConfigured() throws Exception {
        Path log = dir.resolve("app.log");
        try (TailerHarness h = new TailerHarness(Map.of("TAILER_PATHS", log.toString(), "TAILER_INVALID_UTF8", "replace"))) {
            Files.write(log, new byte[] {'o', 'k', (byte) 0xff, ' ', (byte) 0xc3, (byte) 0xa9, '\n'});
            assertEquals(List.of("ok\uFFFD é"), h.awaitLines(1));
        }
    }
}
