package dev.sidecars.common.follow;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Test sink: lines written as the log-tailer's raw output writes them (each line and a newline; a
 * run of unchanged lines as it is, so that the follower takes its bulk path), or each line after
 * its file's label in brackets.
 */
final class CapturingSink implements FollowSink {

    private final OutputStream out;
    private final boolean labelled;

    private CapturingSink(OutputStream out, boolean labelled) {
        this.out = out;
        this.labelled = labelled;
    }

    /** Lines byte for byte, each ended by a newline. */
    static CapturingSink raw(OutputStream out) {
        return new CapturingSink(out, false);
    }

    /** {@code [label] line}: which file each line was read from. */
    static CapturingSink labelled(OutputStream out) {
        return new CapturingSink(out, true);
    }

    @Override
    public LineSink open(String label) {
        byte[] prefix = labelled ? ("[" + label + "] ").getBytes(StandardCharsets.UTF_8) : new byte[0];
        LineSink line = (b, off, len, end) -> {
            byte[] text = new byte[prefix.length + len + 1];
            System.arraycopy(prefix, 0, text, 0, prefix.length);
            System.arraycopy(b, off, text, prefix.length, len);
            text[text.length - 1] = '\n';
            write(text, 0, text.length);
        };
        if (labelled) {
            return line;
        }
        return new BulkLineSink() {
            @Override
            public void line(byte[] b, int off, int len, long end) {
                line.line(b, off, len, end);
            }

            @Override
            public void lines(byte[] b, int off, int len, int count, long end) {
                write(b, off, len); // endings included
            }
        };
    }

    private void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
