package sidecars.nativeimage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @argfile} expansion with the Java launcher's syntax (the JDK's args.c, which GraalVM's
 * driver follows too): arguments are separated by white space; single or double quotes group, and
 * inside quotes a backslash escapes the next character ({@code \n}, {@code \t}, {@code \r},
 * {@code \f} are control characters, a backslash before a line end continues the quoted argument on
 * the next line without its leading blanks); outside quotes a backslash is an ordinary character; a
 * {@code #} outside quotes starts a comment to the end of the line.
 * {@code @@x} is the literal argument {@code @x}; argfiles may name argfiles.
 */
final class ArgFiles {

    private ArgFiles() {
    }

    static List<String> expand(List<String> args, Path cwd) throws IOException {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            expandOne(a, cwd, out, 0);
        }
        return out;
    }

    private static void expandOne(String a, Path cwd, List<String> out, int depth) throws IOException {
        if (a.startsWith("@@")) {
            out.add(a.substring(1));
        } else if (a.startsWith("@") && a.length() > 1) {
            if (depth > 16) {
                throw new IOException("argument files nested too deeply at " + a);
            }
            Path file = cwd.resolve(a.substring(1));
            for (String t : tokenize(Files.readString(file, StandardCharsets.UTF_8))) {
                expandOne(t, cwd, out, depth + 1);
            }
        } else {
            out.add(a);
        }
    }

    static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && i + 1 < n) {
                    char e = text.charAt(++i);
                    switch (e) {
                        case 'n' -> cur.append('\n');
                        case 't' -> cur.append('\t');
                        case 'r' -> cur.append('\r');
                        case 'f' -> cur.append('\f');
                        case '\n' -> i = skipBlanks(text, i + 1) - 1; // continued on the next line
                        case '\r' -> {
                            if (i + 1 < n && text.charAt(i + 1) == '\n') {
                                i++;
                            }
                            i = skipBlanks(text, i + 1) - 1;
                        }
                        default -> cur.append(e);
                    }
                } else {
                    cur.append(c);
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
                continue;
            }
            if (c == '#') { // a comment, to the end of the line
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            inToken = true;
            if (c == '"' || c == '\'') {
                quote = c;
            } else {
                cur.append(c); // outside quotes a backslash is an ordinary character
            }
        }
        if (inToken) {
            out.add(cur.toString());
        }
        return out;
    }

    /** native-image.properties Args and JavaArgs: white-space separated, no quoting. */
    static List<String> splitWhitespace(String text) {
        List<String> out = new ArrayList<>();
        for (String t : text.trim().split("\\s+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
