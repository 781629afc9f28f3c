package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** A file's identity, device and inode, from one {@code stat}: the same across renames. */
final class FileIdentity {

    private FileIdentity() {
    }

    /** The attributes, or null when nothing is at the path (or it cannot be read). */
    static BasicFileAttributes stat(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Device and inode: {@code (dev=..,ino=..)} on Linux. */
    static String of(BasicFileAttributes attrs) {
        Object key = attrs.fileKey();
        return key == null ? "" : key.toString();
    }
}
