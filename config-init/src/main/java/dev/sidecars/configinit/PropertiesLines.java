package dev.sidecars.configinit;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a properties text into logical lines as {@code java.util.Properties} does (a line ending
 * in an odd number of backslashes continues on the next; comment and blank lines are no entries),
 * keeping the physical line each starts on, so that problems can name the line.
 */
final class PropertiesLines {

    private PropertiesLines() {
    }

    /** One entry: its text (continuations kept, for Properties to join) and its physical lines. */
    record Logical(String text, int firstLine, List<String> physical) {
    }

    static List<Logical> split(String text) {
        List<String> lines = physicalLines(text);
        List<Logical> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String first = lines.get(i);
            int k = 0;
            while (k < first.length() && (first.charAt(k) == ' ' || first.charAt(k) == '\t' || first.charAt(k) == '\f')) {
                k++; // the whitespace Properties skips
            }
            if (k == first.length() || first.charAt(k) == '#' || first.charAt(k) == '!') {
                i++; // comments never continue, even when they end in a backslash
                continue;
            }
            int start = i;
            while (endsInContinuation(lines.get(i)) && i + 1 < lines.size()) {
                i++;
            }
            List<String> physical = lines.subList(start, i + 1);
            out.add(new Logical(String.join("\n", physical), start + 1, physical));
            i++;
        }
        return out;
    }

    /** {@code [line, column]} (1-based) of the first malformed {@code \\uXXXX} of an entry, or null. */
    static int[] badEscape(Logical logical) {
        for (int l = 0; l < logical.physical().size(); l++) {
            String line = logical.physical().get(l);
            for (int c = 0; c < line.length(); c++) {
                if (line.charAt(c) != '\\' || c + 1 >= line.length()) {
                    continue;
                }
                if (line.charAt(c + 1) == 'u' && !fourHex(line, c + 2)) {
                    return new int[] {logical.firstLine() + l, c + 1};
                }
                c++; // the escaped character
            }
        }
        return null;
    }

    private static boolean fourHex(String s, int from) {
        if (from + 4 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 4; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsInContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Lines split at \n, \r\n or \r, as Properties reads them. */
    private static List<String> physicalLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
