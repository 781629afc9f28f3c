package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saved read offsets, one line per file: identity, offset, fingerprint length and hash, path. Written
 * to a temporary file, forced to disk and renamed over the old one, so a crash leaves either the
 * old or the new state, never half of one.
 */
public final class OffsetStore {

    record Entry(String id, long offset, Fingerprint fingerprint, String path) {
    }

    public static final String FILE = "offsets.tsv";

    private final Path dir;

    public OffsetStore(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The saved entries by identity; empty when nothing was saved yet. Malformed lines are ignored. */
    Map<String, Entry> load() throws IOException {
        Path file = dir.resolve(FILE);
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 5);
            if (f.length != 5) {
                continue;
            }
            try {
                entries.put(f[0], new Entry(f[0], Long.parseLong(f[1]), new Fingerprint(Long.parseLong(f[2]), f[3]), f[4]));
            } catch (IllegalArgumentException e) {
                // a line we cannot read is a file we read from its start rule again
            }
        }
        return entries;
    }

    boolean exists() {
        return Files.exists(dir.resolve(FILE));
    }

    void save(List<Entry> entries) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.id()).append('\t').append(e.offset()).append('\t').append(e.fingerprint().length())
                    .append('\t').append(e.fingerprint().sha256())
                    .append('\t').append(e.path().replace('\n', ' ').replace('\t', ' ')).append('\n');
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Fails start-up early when the directory cannot hold the state. */
    public void checkWritable() throws IOException {
        Files.createDirectories(dir);
        Path probe = dir.resolve(".probe");
        Files.writeString(probe, "");
        Files.delete(probe);
    }
}
