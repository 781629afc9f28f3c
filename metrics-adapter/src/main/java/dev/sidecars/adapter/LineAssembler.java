package dev.sidecars.adapter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts bytes read from a log file into lines. A line without its newline yet waits for the next
 * read; a line longer than {@code maxLine} bytes is kept to its first {@code maxLine} bytes (bounded
 * memory) and still counts as one line. {@code \r\n} endings lose the {@code \r}; invalid UTF-8 is replaced.
 */
final class LineAssembler {

    private final int maxLine;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean skipToNewline;

    LineAssembler(int maxLine) {
        this.maxLine = maxLine;
    }

    void feed(byte[] bytes, int offset, int length, Consumer<String> lines) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                if (skipToNewline) {
                    skipToNewline = false;
                    partial.reset();
                } else {
                    lines.accept(take());
                }
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    /** Emits the pending partial line, if any: its file was rotated away and will not grow. */
    void flush(Consumer<String> lines) {
        if (partial.size() > 0 && !skipToNewline) {
            lines.accept(take());
        }
        reset();
    }

    /** Forgets the pending bytes: the file was truncated under them. */
    void reset() {
        partial.reset();
        skipToNewline = false;
    }

    /** Reading starts in the middle of a line (at the end of a file that lacks its last newline): drop that rest. */
    void skipToNextLine() {
        partial.reset();
        skipToNewline = true;
    }

    private void append(byte[] bytes, int from, int length) {
        int room = maxLine - partial.size();
        if (room > 0 && length > 0) {
            partial.write(bytes, from, Math.min(room, length));
        }
    }

    private String take() {
        byte[] line = partial.toByteArray();
        partial.reset();
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }
}
