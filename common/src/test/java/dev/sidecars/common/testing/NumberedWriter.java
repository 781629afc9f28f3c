package dev.sidecars.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Test helper: an "app" appending numbered lines to a log file. It reopens the file by name after
 * every batch, as an app does after logrotate's postrotate signal, so writes after a rename rotation
 * go on in the old file only until the end of the batch. What a follower read of it is checked by
 * {@link #assertExactlyOnceInOrder}.
 */
public final class NumberedWriter {

    private final Path file;
    private final String prefix;
    private final boolean create;
    private int next;

    public NumberedWriter(Path file, String prefix) {
        this(file, prefix, true);
    }

    /** @param create false for an app that waits for logrotate's {@code create} to make the new file */
    public NumberedWriter(Path file, String prefix, boolean create) {
        this.file = file;
        this.prefix = prefix;
        this.create = create;
    }

    public static String number(int i) {
        return String.format("%07d", i);
    }

    public int next() {
        return next;
    }

    /** Appends {@code count} lines in batches of {@code batch}, each batch one open-write-close. */
    public void write(int count, int batch) {
        write(count, batch, 0);
    }

    /** The same, pausing between batches: a steady writer rather than a burst. */
    public void write(int count, int batch, long pauseMillis) {
        int end = next + count;
        StringBuilder sb = new StringBuilder();
        while (next < end) {
            sb.setLength(0);
            for (int i = 0; i < batch && next < end; i++) {
                sb.append(prefix).append(number(next++)).append('\n');
            }
            if (create) {
                append(file, sb.toString());
            } else {
                appendWhenExists(file, sb.toString());
            }
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void appendWhenExists(Path file, String text) {
        while (true) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                return;
            } catch (java.nio.file.NoSuchFileException e) {
                Thread.onSpinWait(); // between logrotate's rename and its create
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static void append(Path file, String text) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every number from 0 to n-1 exactly once and in order, from lines {@code <prefix><number>}. */
    public static void assertExactlyOnceInOrder(List<String> lines, String prefix, int n) {
        assertEquals(n, lines.size(), "line count; last lines: " + tail(lines));
        for (int i = 0; i < n; i++) {
            String expected = prefix + number(i);
            if (!lines.get(i).equals(expected)) {
                fail("line " + i + " is \"" + lines.get(i) + "\", expected \"" + expected + "\"; around it: "
                        + lines.subList(Math.max(0, i - 3), Math.min(lines.size(), i + 3)));
            }
        }
    }

    /** The last five lines, for a failure message. */
    public static String tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 5), lines.size()).toString();
    }
}
