package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a saved offset is checked against before it is trusted: the SHA-256 of the file's first
 * bytes, up to the offset (at most 64 KiB). Inodes are reused as soon as a file is deleted, and
 * logs often start with the same banner, so a few bytes would not tell an old file from a new one.
 */
record Fingerprint(long length, String sha256) {

    static final long MAX = 64 * 1024;

    static Fingerprint of(FileChannel ch, long offset) throws IOException {
        long length = Math.min(offset, MAX);
        return new Fingerprint(length, hash(ch, length));
    }

    /** Whether the file starts with the same bytes (false when it is shorter than the fingerprint). */
    boolean matches(FileChannel ch) throws IOException {
        return ch.size() >= length && sha256.equals(hash(ch, length));
    }

    private static String hash(FileChannel ch, long length) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = 0;
        while (pos < length) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            digest.update(buf.array(), 0, n);
            pos += n;
        }
        return pos == length ? HexFormat.of().formatHex(digest.digest()) : "short";
    }
}
