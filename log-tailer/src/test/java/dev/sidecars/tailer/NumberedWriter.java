package dev.sidecars.tailer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Test helper: an "app" appending numbered lines to a log file. It reopens the file by name after
 * every batch, as an app does after logrotate's postrotate signal, so writes after a rename rotation
 * go on in the old file only until the end of the batch.
 */
final class NumberedWriter {

    private final Path file;
    private final String prefix;
    private final boolean create;
    private int next;

    NumberedWriter(Path file, String prefix) {
        this(file, prefix, true);
    }

    /** @param create false for an app that waits for logrotate's {@code create} to make the new file */
    NumberedWriter(Path file, String prefix, boolean create) {
        this.file = file;
        this.prefix = prefix;
        this.create = create;
    }

    static String number(int i) {
        return String.format("%07d", i);
    }

    int next() {
        return next;
    }

    /** Appends {@code count} lines in batches of {@code batch}, each batch one open-write-close. */
    void write(int count, int batch) {
        write(count, batch, 0);
    }

    /** The same, pausing between batches: a steady writer rather than a burst. */
    void write(int count, int batch, long pauseMillis) {
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

    static void append(Path file, String text) {
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
}
