package dev.sidecars.adapter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.sidecars.common.log.Json;

/**
 * The subset of kubectl's JSONPath that json_exporter configs use: {@code {.a.b}}, {@code {.items[*].x}},
 * {@code {.items[0]}}, {@code {['key.with.dots']}}, {@code {.map.*}} (iterates a map's values and
 * remembers each key), {@code {.items[?(@.state == "ACTIVE")]}} and {@code {@key}}, the key under
 * which the current node was found (a label from a map key). Text outside braces is literal, so
 * {@code planet-{.location}} is a template.
 *
 * <p>Evaluation never throws: a missing key gives no nodes, and the caller decides whether that is
 * tolerated. Values are what Vert.x's JSON decoder gives: Map, List, String, Number, Boolean, null.
 */
final class JsonPath {

    /** One value found, with the key (map key or array index) it was found under. */
    record Node(Object value, String key, Object root) {
        /** A node that is its own document root. */
        Node(Object value, String key) {
            this(value, key, value);
        }
    }

    private sealed interface Step permits Root, Field, Wildcard, Index, Filter {
    }

    /** {@code $}: the document root, also from inside an object rule. */
    private record Root() implements Step {
    }

    private record Field(String name) implements Step {
    }

    private record Wildcard() implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Filter(List<Step> path, String op, Object literal) implements Step {
    }

    /** A literal piece of text or an expression; {@code key} marks {@code {@key}}. */
    private record Part(String text, List<Step> steps, boolean key) {
    }

    private final String source;
    private final List<Part> parts;

    private JsonPath(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Parses a template, or throws {@link IllegalArgumentException} with the position of the problem. */
    static JsonPath parse(String template) {
        Objects.requireNonNull(template);
        List<Part> parts = new ArrayList<>();
        int i = 0;
        StringBuilder text = new StringBuilder();
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int end = closingBrace(template, i);
                if (text.length() > 0) {
                    parts.add(new Part(text.toString(), null, false));
                    text.setLength(0);
                }
                String expr = template.substring(i + 1, end).strip();
                if (expr.equals("@key")) {
                    parts.add(new Part(null, null, true));
                } else {
                    parts.add(new Part(null, new Parser(expr, i + 1).steps(), false));
                }
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("unbalanced '}' at position " + i + " in \"" + template + "\"");
            } else {
                text.append(c);
                i++;
            }
        }
        if (text.length() > 0) {
            parts.add(new Part(text.toString(), null, false));
        }
        if (parts.stream().noneMatch(p -> p.text() == null)) {
            throw new IllegalArgumentException("\"" + template + "\" has no {expression} (expected e.g. {.status})");
        }
        return new JsonPath(template, List.copyOf(parts));
    }

    private static int closingBrace(String s, int open) {
        boolean quoted = false;
        char quote = 0;
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == quote) {
                    quoted = false;
                }
            } else if (c == '"' || c == '\'') {
                quoted = true;
                quote = c;
            } else if (c == '}') {
                return i;
            } else if (c == '{') {
                break;
            }
        }
        throw new IllegalArgumentException("'{' at position " + open + " is not closed in \"" + s + "\"");
    }

    /** True when the template is a single expression (a value), not text around expressions (a label). */
    boolean isSingleExpression() {
        return parts.size() == 1;
    }

    /** Every node the (single) expression selects from {@code node}; empty when nothing matches. */
    List<Node> select(Node node) {
        Part part = parts.getFirst();
        if (parts.size() != 1) {
            String text = render(node);
            return text == null ? List.of() : List.of(new Node(text, node.key(), node.root()));
        }
        if (part.key()) {
            return node.key() == null ? List.of() : List.of(new Node(node.key(), node.key(), node.root()));
        }
        return evaluate(part.steps(), node);
    }

    /** The template rendered as text (each expression's first value), or null when an expression finds nothing. */
    String render(Node node) {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (part.text() != null) {
                sb.append(part.text());
            } else if (part.key()) {
                if (node.key() == null) {
                    return null;
                }
                sb.append(node.key());
            } else {
                List<Node> found = evaluate(part.steps(), node);
                if (found.isEmpty() || found.getFirst().value() == null) {
                    return null;
                }
                sb.append(text(found.getFirst().value()));
            }
        }
        return sb.toString();
    }

    static String text(Object value) {
        return switch (value) {
            case String s -> s;
            case Double d when d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 -> Long.toString(d.longValue());
            case Float f when f == Math.rint(f) && !Float.isInfinite(f) && Math.abs(f) < 1e7 -> Long.toString(f.longValue());
            case BigDecimal b -> b.stripTrailingZeros().toPlainString();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            default -> Json.write(value);
        };
    }

    private static List<Node> evaluate(List<Step> steps, Node start) {
        List<Node> current = List.of(start);
        for (Step step : steps) {
            List<Node> next = new ArrayList<>();
            for (Node node : current) {
                apply(step, node, next);
            }
            current = next;
            if (current.isEmpty()) {
                break;
            }
        }
        return current;
    }

    private static void apply(Step step, Node node, List<Node> out) {
        Object value = node.value();
        switch (step) {
            case Root r -> out.add(new Node(node.root(), null, node.root()));
            case Field f -> {
                if (value instanceof Map<?, ?> map && map.containsKey(f.name())) {
                    out.add(new Node(map.get(f.name()), f.name(), node.root()));
                }
            }
            case Wildcard w -> {
                if (value instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> out.add(new Node(v, String.valueOf(k), node.root())));
                } else if (value instanceof List<?> list) {
                    for (int i = 0; i < list.size(); i++) {
                        out.add(new Node(list.get(i), Integer.toString(i), node.root()));
                    }
                }
            }
            case Index ix -> {
                if (value instanceof List<?> list) {
                    int i = ix.index() < 0 ? list.size() + ix.index() : ix.index();
                    if (i >= 0 && i < list.size()) {
                        out.add(new Node(list.get(i), Integer.toString(i), node.root()));
                    }
                }
            }
            case Filter f -> {
                List<Node> candidates = new ArrayList<>();
                apply(new Wildcard(), node, candidates);
                for (Node candidate : candidates) {
                    List<Node> found = evaluate(f.path(), candidate);
                    if (!found.isEmpty() && matches(found.getFirst().value(), f.op(), f.literal())) {
                        out.add(candidate);
                    }
                }
            }
        }
    }

    private static boolean matches(Object value, String op, Object literal) {
        int cmp;
        if (literal instanceof Double d && value instanceof Number n) {
            cmp = Double.compare(n.doubleValue(), d);
        } else if (value == null) {
            return false;
        } else {
            cmp = text(value).compareTo(text(literal));
            if (!(literal instanceof String) && !op.equals("==") && !op.equals("!=")) {
                return false;
            }
        }
        return switch (op) {
            case "==" -> cmp == 0;
            case "!=" -> cmp != 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    @Override
    public String toString() {
        return source;
    }

    /** A recursive-descent parser of one expression (the text between braces). */
    private static final class Parser {
        private final String s;
        private final int offset;
        private int i;

        Parser(String s, int offset) {
            this.s = s;
            this.offset = offset;
        }

        List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            if (s.startsWith("$")) {
                i = 1;
                steps.add(new Root());
            } else if (s.startsWith("@")) {
                i = 1;
            }
            if (i == s.length() || s.substring(i).equals(".")) {
                return steps; // {.}, {@} or {$}: the node itself or the root
            }
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '.') {
                    i++;
                    if (i < s.length() && s.charAt(i) == '.') {
                        throw error("recursive descent '..' is not supported");
                    }
                    if (i < s.length() && s.charAt(i) == '*') {
                        i++;
                        steps.add(new Wildcard());
                    } else {
                        steps.add(new Field(name()));
                    }
                } else if (c == '[') {
                    steps.add(bracket());
                } else if (steps.isEmpty() && isNameChar(c)) {
                    steps.add(new Field(name())); // kubectl also accepts {a.b}
                } else {
                    throw error("unexpected '" + c + "'");
                }
            }
            return steps;
        }

        private Step bracket() {
            i++; // [
            skipSpaces();
            Step step;
            if (peek('*')) {
                i++;
                step = new Wildcard();
            } else if (peek('\'') || peek('"')) {
                step = new Field(quoted());
            } else if (peek('?')) {
                step = filter();
            } else {
                int start = i;
                if (peek('-')) {
                    i++;
                }
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (start == i || (s.charAt(start) == '-' && start + 1 == i)) {
                    throw error("expected an index, '*', a quoted key or a ?(filter)");
                }
                step = new Index(Integer.parseInt(s.substring(start, i)));
            }
            skipSpaces();
            expect(']');
            return step;
        }

        private Step filter() {
            i++; // ?
            expect('(');
            skipSpaces();
            expect('@');
            List<Step> path = new ArrayList<>();
            while (peek('.') || peek('[')) {
                if (peek('.')) {
                    i++;
                    path.add(new Field(name()));
                } else {
                    path.add(bracket());
                }
            }
            skipSpaces();
            String op = null;
            for (String candidate : List.of("==", "!=", "<=", ">=", "<", ">")) {
                if (s.startsWith(candidate, i)) {
                    op = candidate;
                    break;
                }
            }
            if (op == null) {
                throw error("expected a comparison (==, !=, <, <=, >, >=)");
            }
            i += op.length();
            skipSpaces();
            Object literal;
            if (peek('\'') || peek('"')) {
                literal = quoted();
            } else {
                int start = i;
                while (i < s.length() && ")] ".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                String token = s.substring(start, i);
                try {
                    literal = Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    if (token.equals("true") || token.equals("false")) {
                        literal = token;
                    } else {
                        throw error("\"" + token + "\" is not a quoted string or a number");
                    }
                }
            }
            skipSpaces();
            expect(')');
            return new Filter(path, op, literal);
        }

        private String quoted() {
            char q = s.charAt(i++);
            int end = s.indexOf(q, i);
            if (end < 0) {
                throw error("unterminated quote");
            }
            String text = s.substring(i, end);
            i = end + 1;
            return text;
        }

        private String name() {
            int start = i;
            while (i < s.length() && isNameChar(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw error("expected a key name");
            }
            return s.substring(start, i);
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$' || c == '@';
        }

        private boolean peek(char c) {
            return i < s.length() && s.charAt(i) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private void skipSpaces() {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at position " + (offset + i) + " in {" + s + "}");
        }
    }
}
