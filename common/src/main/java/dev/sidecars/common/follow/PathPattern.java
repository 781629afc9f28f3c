package dev.sidecars.common.follow;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * One followed path: a literal directory and a file-name glob in it. Globs are
 * limited to the file name so that each pattern maps to exactly one directory to list and watch.
 */
public record PathPattern(String text, Path dir, String glob, PathMatcher matcher) {

    public static PathPattern parse(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("is not an absolute path");
        }
        if (text.endsWith("/")) {
            throw new IllegalArgumentException("names a directory, not files (add e.g. /*.log)");
        }
        int slash = text.lastIndexOf('/');
        String dir = slash == 0 ? "/" : text.substring(0, slash);
        String name = text.substring(slash + 1);
        if (hasGlob(dir)) {
            throw new IllegalArgumentException("has a glob in its directory part; only the file name may have one");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("names a directory, not files");
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("is not a valid glob: " + e.getMessage());
        }
        return new PathPattern(text, Path.of(dir).normalize(), name, matcher);
    }

    /** True for a plain path: the one file is waited for, and no directory listing is needed. */
    boolean isLiteral() {
        return !hasGlob(glob);
    }

    boolean matches(Path file) {
        return file.getParent() != null && file.getParent().equals(dir) && matcher.matches(file.getFileName());
    }

    private static boolean hasGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '*', '?', '[', '{', '\\' -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }
}
