package dev.sidecars.common.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineSplitterTest {

    /** Feeds the input in chunks of {@code chunk} bytes and returns "line@endOffset" items. */
    private static List<String> split(String input, int chunk, int maxLine, boolean truncate, boolean flush) {
        return split(input, chunk, maxLine, truncate, flush, false);
    }

    /** With {@code bulk}, runs of unchanged lines come as one piece; each is split again here. */
    private static List<String> split(String input, int chunk, int maxLine, boolean truncate, boolean flush,
                                      boolean bulk) {
        List<String> out = new ArrayList<>();
        LineSink plain = (b, off, len, end) -> out.add(new String(b, off, len, StandardCharsets.UTF_8) + "@" + end);
        LineSink sink = !bulk ? plain : new BulkLineSink() {
            @Override
            public void line(byte[] b, int off, int len, long end) {
                plain.line(b, off, len, end);
            }

            @Override
            public void lines(byte[] b, int off, int len, int count, long end) {
                String run = new String(b, off, len, StandardCharsets.UTF_8);
                assertEquals(count, run.chars().filter(c -> c == '\n').count(), run);
                assertEquals('\n', run.charAt(run.length() - 1));
                long lineEnd = end - len;
                for (String line : run.substring(0, run.length() - 1).split("\n", -1)) {
                    lineEnd += line.length() + 1;
                    out.add(line + "@" + lineEnd);
                }
            }
        };
        LineSplitter s = new LineSplitter(maxLine, truncate, sink);
        byte[] bytes = input.replace("\\n", "\n").replace("\\r", "\r").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            int n = Math.min(chunk, bytes.length - i);
            byte[] part = new byte[n + 2]; // the slice sits inside a larger buffer, as a read buffer does
            System.arraycopy(bytes, i, part, 1, n);
            s.feed(part, 1, n, i + n);
        }
        if (flush) {
            s.flushPartial(bytes.length);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} in chunks of {1}, max {2}, truncate {3}, flush {4}")
    @CsvSource(delimiter = '|', value = {
            "a\\nbb\\n        | 100 | 10 | true  | false | a@2,bb@5",
            "a\\nbb\\n        | 1   | 10 | true  | false | a@2,bb@5",
            "a\\r\\nb\\n      | 2   | 10 | true  | false | a@3,b@5",
            "a\\nrest         | 3   | 10 | true  | false | a@2",
            "a\\nrest         | 3   | 10 | true  | true  | a@2,rest@6",
            "\\n\\n           | 1   | 10 | true  | false | @1,@2",
            "0123456789AB\\nc\\n | 100 | 10 | true | false | 0123456789@13,c@15",
            "0123456789AB\\nc\\n | 4   | 10 | true | false | 0123456789@11,c@15",
            "0123456789AB\\nc\\n | 4   | 10 | false | false | c@15",
            "0123456789AB\\nc\\n | 100 | 10 | false | false | c@15",
            "0123456789\\r\\nc\\n | 3 | 10 | true | false | 0123456789@12,c@14",
    })
    void shouldSplitLinesByteForByte(String input, int chunk, int max, boolean truncate, boolean flush, String expected) {
        assertEquals(List.of(expected.split(",")), split(input.strip(), chunk, max, truncate, flush));
        assertEquals(List.of(expected.split(",")), split(input.strip(), chunk, max, truncate, flush, true),
                "the same lines when unchanged ones are passed on in runs");
    }

    @ParameterizedTest(name = "{0} in chunks of {1}")
    @CsvSource(delimiter = '|', value = {
            "rest of an old line\\nnew\\n | 100 | new@24",
            "rest of an old line\\nnew\\n | 3   | new@24",
            "\\nnew\\n                    | 1   | new@5",
    })
    void shouldDropTheRestOfALineWhenReadingStartsInsideIt(String input, int chunk, String expected) {
        List<String> out = new ArrayList<>();
        LineSplitter s = new LineSplitter(64, true, (b, off, len, end) -> out.add(new String(b, off, len,
                StandardCharsets.UTF_8) + "@" + end));
        s.discardToNextLine();
        byte[] bytes = input.strip().replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            s.feed(bytes, i, Math.min(chunk, bytes.length - i), Math.min(i + chunk, bytes.length));
        }
        assertEquals(List.of(expected), out);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 63})
    void shouldFindTheFirstNewlineAtAnyPositionOfAWord(int at) {
        byte[] b = new byte[64];
        java.util.Arrays.fill(b, (byte) 'x');
        b[at] = '\n';
        b[63] = '\n';
        assertEquals(at, LineSplitter.indexOfNewline(b, 0, 64));
        b[at] = (byte) 0x0b; // one above '\n', and a byte the zero-byte test could confuse: no match
        assertEquals(at == 63 ? -1 : 63, LineSplitter.indexOfNewline(b, 0, 64));
        assertEquals(-1, LineSplitter.indexOfNewline(b, 0, 63));
    }
}
