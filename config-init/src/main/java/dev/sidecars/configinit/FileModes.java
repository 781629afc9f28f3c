package dev.sidecars.configinit;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import dev.sidecars.common.env.ValueType;

/** Octal file modes such as {@code 0755}, as a Kubernetes volume's {@code defaultMode} is written. */
final class FileModes {

    private FileModes() {
    }

    static final ValueType<Set<PosixFilePermission>> TYPE = new ValueType<>() {
        @Override
        public String name() {
            return "mode";
        }

        @Override
        public String expected() {
            return "an octal file mode, e.g. 0640 or 0755";
        }

        @Override
        public Set<PosixFilePermission> parse(String text) {
            return FileModes.parse(text);
        }

        @Override
        public String render(Set<PosixFilePermission> value) {
            return octal(value);
        }
    };

    static Set<PosixFilePermission> parse(String text) {
        if (!text.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("is not an octal mode like 0644");
        }
        int bits = Integer.parseInt(text, 8);
        StringBuilder rwx = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            rwx.append((bits & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(rwx.toString());
    }

    static String octal(Set<PosixFilePermission> mode) {
        String rwx = PosixFilePermissions.toString(mode);
        int bits = 0;
        for (int i = 0; i < 9; i++) {
            bits = (bits << 1) | (rwx.charAt(i) == '-' ? 0 : 1);
        }
        return String.format("0%03o", bits);
    }
}
