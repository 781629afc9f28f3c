package dev.sidecars.egress;

import java.net.IDN;
import java.util.Locale;

/** DNS name syntax: IDN to ASCII, LDH labels (underscore allowed, as real names use it), length limits. */
final class HostNames {
    private HostNames() {
    }

    /** ASCII form; IDN labels become punycode. Any failure is an IllegalArgumentException. */
    static String toAscii(String text) {
        boolean ascii = text.chars().allMatch(c -> c < 0x80);
        if (ascii) {
            return text.toLowerCase(Locale.ROOT);
        }
        try {
            return IDN.toASCII(text).toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid internationalised domain name", e);
        }
    }

    /** Strips one trailing dot and checks the result; throws with the reason. */
    static String normalise(String ascii) {
        String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    static boolean endsInNumber(String ascii) {
        String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (last.isEmpty()) {
            return false;
        }
        if (last.startsWith("0x")) {
            return last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
        }
        return last.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Null when a normalised name is valid, else a short reason. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "empty host";
        }
        if (name.length() > 253) {
            return "name longer than 253 characters";
        }
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i < name.length() && name.charAt(i) != '.') {
                char c = name.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                    return c <= ' ' || c == 0x7f ? "contains whitespace or control characters"
                            : "invalid character '" + c + "' in name";
                }
                continue;
            }
            int length = i - start;
            if (length == 0) {
                return "empty label in name";
            }
            if (length > 63) {
                return "label longer than 63 characters";
            }
            if (name.charAt(start) == '-' || name.charAt(i - 1) == '-') {
                return "label starts or ends with '-'";
            }
            start = i + 1;
        }
        return null;
    }
}
