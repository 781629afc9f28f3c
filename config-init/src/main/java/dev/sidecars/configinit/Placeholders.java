package dev.sidecars.configinit;

import java.util.List;
import java.util.function.Function;

/**
 * The strict, safe replacement for envsubst. {@code ${VAR}} must be set (else an error naming it,
 * never an empty string); {@code ${VAR:-default}} uses the default when VAR is unset or empty;
 * {@code ${VAR:?message}} fails with the message when VAR is unset or empty; {@code ${file:PATH}}
 * is the file's content without one trailing newline. A {@code $} not followed by {@code {} is
 * literal; {@code $${} writes a literal {@code ${}.
 */
final class Placeholders {

    /** What rendering needs from the outside world: variables and files (tests pass lambdas). */
    record Lookup(Function<String, String> env, Function<String, String> files) {
    }

    /** The rendered text, and whether a file's content went into it (then it is treated as a secret). */
    record Rendered(String text, boolean usedFile) {
    }

    private final Lookup lookup;

    Placeholders(Lookup lookup) {
        this.lookup = lookup;
    }

    static boolean mayContain(String text) {
        return text.contains("${");
    }

    /**
     * Renders {@code text}; each problem is added to {@code errors} prefixed with {@code where}
     * (a file and line or a key), and the placeholder is left as written.
     */
    Rendered render(String text, String where, List<String> errors) {
        return render(text, index -> where, errors);
    }

    /** As above, with {@code where} given the index of the placeholder in {@code text} (a template's column). */
    Rendered render(String text, java.util.function.IntFunction<String> where, List<String> errors) {
        if (!mayContain(text)) {
            return new Rendered(text, false);
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean usedFile = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (c != '$' || !text.startsWith("${", i)) {
                out.append(c);
                i++;
                continue;
            }
            int end = text.indexOf('}', i + 2);
            if (end < 0) {
                errors.add(where.apply(i) + ": unterminated placeholder \"" + abbreviate(text.substring(i)) + "\" (write $${ for a literal ${)");
                out.append(text, i, text.length());
                break;
            }
            String body = text.substring(i + 2, end);
            String value = resolve(body, where.apply(i), errors);
            if (value == null) {
                out.append(text, i, end + 1);
            } else {
                out.append(value);
                usedFile |= body.startsWith("file:");
            }
            i = end + 1;
        }
        return new Rendered(out.toString(), usedFile);
    }

    private String resolve(String body, String where, List<String> errors) {
        if (body.startsWith("file:")) {
            String path = body.substring(5);
            if (path.isEmpty()) {
                errors.add(where + ": ${file:} names no file");
                return null;
            }
            String content = lookup.files().apply(path);
            if (content == null) {
                errors.add(where + ": ${file:" + path + "}: the file cannot be read");
                return null;
            }
            return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        }
        int op = indexOfOperator(body);
        String name = op < 0 ? body : body.substring(0, op);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            errors.add(where + ": \"${" + abbreviate(body) + "}\" is not a placeholder (expected ${VAR}, ${VAR:-default}, ${VAR:?message} or ${file:PATH}; write $${ for a literal ${)");
            return null;
        }
        String value = lookup.env().apply(name);
        if (op < 0) {
            if (value == null) {
                errors.add(where + ": variable " + name + " is not set (use ${" + name + ":-default} for a default)");
            }
            return value;
        }
        String arg = body.substring(op + 2);
        boolean missing = value == null || value.isEmpty();
        if (body.charAt(op + 1) == '-') {
            return missing ? arg : value;
        }
        if (missing) {
            errors.add(where + ": variable " + name + " is not set: " + (arg.isEmpty() ? "it is required" : arg));
            return null;
        }
        return value;
    }

    private static int indexOfOperator(String body) {
        int colon = body.indexOf(':');
        if (colon < 0 || colon + 1 >= body.length()) {
            return -1;
        }
        char op = body.charAt(colon + 1);
        return op == '-' || op == '?' ? colon : -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
