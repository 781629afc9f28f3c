package dev.sidecars.tailer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class MultilineAssemblerTest {

    private final List<String> out = new ArrayList<>();

    private MultilineAssembler assembler(int maxLines, int maxBytes) {
        return new MultilineAssembler(Pattern.compile("^\\S"), maxLines, maxBytes, 1000,
                (b, off, len, end) -> out.add(new String(b, off, len, StandardCharsets.UTF_8) + "@" + end));
    }

    private static void feed(MultilineAssembler m, long now, String... lines) {
        long end = 0;
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            end += b.length + 1;
            m.line(b, 0, b.length, end, now);
        }
    }

    @Test
    void shouldJoinContinuationLinesToTheRecordBefore() {
        MultilineAssembler m = assembler(100, 1000);
        feed(m, 0, "ERROR boom", "\tat a.B", "\tat c.D", "INFO next");
        assertEquals(List.of("ERROR boom\n\tat a.B\n\tat c.D@27"), out);
        m.flush();
        assertEquals("INFO next@37", out.get(1));
    }

    @Test
    void shouldWriteARecordWhenItReachesTheMaximumLines() {
        MultilineAssembler m = assembler(2, 1000);
        feed(m, 0, "A", " b", " c");
        assertEquals(List.of("A\n b@5"), out);
    }

    @Test
    void shouldWriteAnIdleRecordAfterTheTimeoutOnly() {
        MultilineAssembler m = assembler(100, 1000);
        feed(m, 0, "A", " b");
        m.flushIfIdle(999);
        assertEquals(List.of(), out);
        m.flushIfIdle(1000);
        assertEquals(List.of("A\n b@5"), out);
    }

    @Test
    void shouldCutARecordAtTheMaximumBytesAndCountIt() {
        MultilineAssembler m = assembler(100, 6);
        feed(m, 0, "ABCD", " efgh", "N");
        assertEquals(List.of("ABCD\n @11"), out);
        assertEquals(1, m.truncatedRecords());
    }
}
