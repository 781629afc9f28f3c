package dev.sidecars.adapter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.sidecars.common.Log;

/**
 * Follows one file by polling: reads what was appended since the last look (from the offset it
 * keeps), and notices when the path holds another file (rotation by rename: the old file is read
 * to its end first, through the still open channel) or when the file got shorter or its first
 * bytes changed (truncation: the rest is read from logrotate's copy {@code app.log.1} when there
 * is one, then the file again from 0). Offsets are not persisted: a restarted adapter
 * starts again at the file's end (or its start, with {@code from: start}).
 * <p>
 * Known limit: lines the app still writes into a renamed file after the new file appeared are not
 * read (apps reopen their log on rotation; copytruncate keeps one file).
 */
final class LogFollower implements AutoCloseable {

    private static final Log log = Log.get(LogFollower.class);

    /** Bytes of the file's start kept to recognise a truncated-and-rewritten file. */
    static final int HEAD_BYTES = 128;
    /** Bounded work per poll; an app writing faster is caught up over the next polls. */
    static final long MAX_READ_PER_POLL = 8L * 1024 * 1024;
    static final int MAX_LINE = 64 * 1024;

    private final Path path;
    private final boolean fromStart;
    private final Consumer<String> sink;
    private final LineAssembler assembler = new LineAssembler(MAX_LINE);
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    private FileChannel channel;
    private String id;
    private long offset;
    private byte[] head = new byte[0];
    private boolean firstLook = true;
    private boolean closed;

    private volatile boolean present;
    private volatile long lines;
    private volatile long rotations;
    private volatile long truncations;
    private volatile long readErrors;

    LogFollower(Path path, boolean fromStart, Consumer<String> sink) {
        this.path = path;
        this.fromStart = fromStart;
        this.sink = sink;
    }

    /** One look at the file: reads what is new and follows a rotation or truncation. Never throws. */
    synchronized void poll() {
        if (closed) {
            return; // a poll queued before close must not reopen the file
        }
        try {
            if (channel != null) {
                if (FollowDecisions.truncated(offset, channel.size(), headSame())) {
                    truncations++;
                    readRestFromCopy();
                    assembler.reset();
                    offset = 0;
                    head = new byte[0];
                }
                if (!readAvailable()) {
                    return; // the budget is spent before the end: decide on rotation once caught up
                }
            }
            BasicFileAttributes attrs = stat();
            present = attrs != null;
            if (attrs != null && !attrs.isRegularFile()) {
                // a FIFO would block the open; a directory has no lines
                throw new IOException("not a regular file " + path);
            }
            if (channel == null) {
                boolean first = firstLook;
                firstLook = false;
                if (attrs != null) {
                    open(attrs, FollowDecisions.startOffset(first, fromStart, attrs.size()));
                    readAvailable();
                }
                return;
            }
            if (FollowDecisions.change(id, attrs == null ? null : key(attrs)) == FollowDecisions.Change.REPLACED) {
                assembler.flush(this::line);
                closeChannel();
                rotations++;
                open(attrs, 0);
                readAvailable();
            }
        } catch (IOException | RuntimeException e) {
            readErrors++;
            String reason = FailureReasons.of(e);
            if (logged.size() < 100 && logged.add(reason)) {
                log.warn("cannot read the app's log", "file", path.toString(), "reason", reason);
            }
        }
    }

    private BasicFileAttributes stat() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Device and inode on Linux ({@code (dev=..,ino=..)}): the same across renames. */
    private static String key(BasicFileAttributes attrs) {
        Object key = attrs.fileKey();
        return key == null ? "" : key.toString();
    }

    private void open(BasicFileAttributes attrs, long start) throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.READ);
        id = key(attrs);
        offset = start;
        head = new byte[0];
        assembler.reset();
        if (start > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            if (channel.read(last, start - 1) == 1 && last.get(0) != '\n') {
                assembler.skipToNextLine(); // starting at the end, in the middle of the last line
            }
        }
    }

    /** Reads from the offset towards the end; true when the end was reached within the budget. */
    private boolean readAvailable() throws IOException {
        long budget = MAX_READ_PER_POLL;
        try {
            while (budget > 0) {
                buffer.clear();
                int n = channel.read(buffer, offset);
                if (n <= 0) {
                    return true;
                }
                offset += n;
                budget -= n;
                assembler.feed(buffer.array(), 0, n, this::line);
            }
            return false;
        } finally {
            rememberHead();
        }
    }

    private void rememberHead() throws IOException {
        int want = (int) Math.min(HEAD_BYTES, offset);
        if (want > head.length) {
            head = readHead(want);
        }
    }

    private boolean headSame() throws IOException {
        return head.length == 0 || Arrays.equals(head, readHead(channel, head.length));
    }

    /**
     * logrotate's copytruncate copies the file to {@code app.log.1}, then truncates it: the lines
     * written after our last look are only in the copy. When {@code app.log.1} starts with our
     * file's first bytes and reaches our offset, it is that copy, and its rest is read.
     */
    private void readRestFromCopy() {
        Path copy = path.resolveSibling(path.getFileName() + ".1");
        try (FileChannel c = FileChannel.open(copy, StandardOpenOption.READ)) {
            if (head.length == 0 || c.size() < offset || !Arrays.equals(head, readHead(c, head.length))) {
                return;
            }
            long position = offset;
            long end = Math.min(c.size(), offset + MAX_READ_PER_POLL);
            while (position < end) {
                buffer.clear();
                int n = c.read(buffer, position);
                if (n <= 0) {
                    break;
                }
                position += n;
                assembler.feed(buffer.array(), 0, n, this::line);
            }
            assembler.flush(this::line);
        } catch (IOException e) {
            // no copy (or a compressed one): what was written since the last look is not counted
        }
    }

    private byte[] readHead(int length) throws IOException {
        return readHead(channel, length);
    }

    private static byte[] readHead(FileChannel channel, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
            // a short read only happens at the end of the file
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private void line(String text) {
        lines++;
        sink.accept(text);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
            channel = null;
        }
    }

    boolean present() {
        return present;
    }

    long lines() {
        return lines;
    }

    long rotations() {
        return rotations;
    }

    long truncations() {
        return truncations;
    }

    long readErrors() {
        return readErrors;
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeChannel();
    }
}
