package dev.sidecars.tailer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

import dev.sidecars.common.follow.FollowSink;

/**
 * The buffered data stream (stdout). Writes are synchronous on the follower's thread: when the
 * reader of stdout is slow, the write blocks and the follower stops reading files. That is the
 * backpressure, and memory stays bounded by this buffer. Only the follower thread uses it.
 *
 * <p>The buffer is direct and written through the descriptor's channel: a heap array written to a
 * stream is copied into native memory allocated per call, which for large writes costs more than
 * the copy itself.
 */
final class Output {

    /** stdout cannot be written: closed, a broken pipe, or an I/O error. */
    static final class Failed extends FollowSink.Failed {
        Failed(IOException cause) {
            super("stdout cannot be written", cause);
        }
    }

    private final WritableByteChannel channel;
    private final OutputStream stream;
    private final ByteBuffer buf;
    private long lastFlushNanos = System.nanoTime();

    Output(OutputStream out, int bufferSize) {
        this.stream = out;
        this.channel = out instanceof FileOutputStream f ? f.getChannel() : Channels.newChannel(out);
        this.buf = ByteBuffer.allocateDirect(bufferSize);
    }

    void write(byte[] b, int off, int n) {
        while (n > 0) {
            if (!buf.hasRemaining()) {
                drainBuffer();
            }
            int chunk = Math.min(n, buf.remaining());
            buf.put(b, off, chunk);
            off += chunk;
            n -= chunk;
        }
    }

    void write(byte b) {
        if (!buf.hasRemaining()) {
            drainBuffer();
        }
        buf.put(b);
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    /** Pushes everything out to the stream: on idle, periodically under load, and at shutdown. */
    void flush() {
        drainBuffer();
        try {
            stream.flush();
        } catch (IOException e) {
            throw new Failed(e);
        }
        lastFlushNanos = System.nanoTime();
    }

    boolean flushDue(long nowNanos, long maxDelayNanos) {
        return buf.position() > 0 && nowNanos - lastFlushNanos >= maxDelayNanos;
    }

    private void drainBuffer() {
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new Failed(e);
        } finally {
            buf.clear();
        }
    }
}
