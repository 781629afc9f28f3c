package dev.sidecars.configinit;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * Reads JSON and YAML into the plain tree model with Jackson's streaming parsers, and writes it
 * back: no data binding, no reflection (native-image friendly, and fast to start).
 */
final class TreeCodec {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Loaded on first use only: SnakeYAML's classes cost start-up time that a JSON-only run need not pay. */
    private static final class Yaml {
        static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();
    }

    /** For parser messages that do not say what would be valid ("Newline not permitted here", "mapping values are not allowed here"). */
    private static String hint(Format format) {
        return switch (format) {
            case TOML -> " (expected TOML 1.0: key = value, [table] or [[array of tables]]; strings quoted)";
            case YAML -> " (expected YAML: keys of one mapping at the same indentation; quote a value that holds \": \" or starts with one of -?:,[]{}#&*!|>'\"%@`)";
            default -> " (expected " + format + ")";
        };
    }

    /** Loaded on first use only: the TOML parser builds a databind tree, which a JSON run never loads. */
    private static final class Toml {
        static final JsonFactory FACTORY = com.fasterxml.jackson.dataformat.toml.TomlFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    }

    private TreeCodec() {
    }

    /** Parses one document; a syntax error names the origin, line and column. */
    static Object read(String text, Format format, String origin) {
        return read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), format, origin);
    }

    /** From bytes: Jackson's UTF-8 parser is the fast path, and it reports invalid UTF-8 with its position. */
    static Object read(byte[] bytes, Format format, String origin) {
        switch (format) {
            case PROPERTIES -> {
                return PropertiesCodec.read(decode(bytes, origin), origin);
            }
            case INI -> {
                return IniCodec.read(decode(bytes, origin), origin);
            }
            case JSON, YAML, TOML -> {
                JsonFactory factory = switch (format) {
                    case JSON -> JSON;
                    case YAML -> Yaml.FACTORY;
                    default -> Toml.FACTORY;
                };
                try (JsonParser p = factory.createParser(bytes)) {
                    JsonToken first = p.nextToken();
                    if (first == null) {
                        return new LinkedHashMap<String, Object>(); // an empty YAML file is an empty object
                    }
                    Object value = readValue(p);
                    if (format == Format.JSON && p.nextToken() != null) {
                        throw new InputException(where(origin, p.currentTokenLocation()) + ": unexpected content after the document");
                    }
                    return value;
                } catch (JsonProcessingException e) {
                    String message = oneLine(e.getOriginalMessage());
                    throw new InputException(where(origin, e.getLocation()) + ": " + message
                            + (message.toLowerCase(java.util.Locale.ROOT).contains("expect") ? "" : hint(format)));
                } catch (IOException e) {
                    throw new InputException(origin + ": " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("not a structured format: " + format);
        }
    }

    /** UTF-8 text; invalid bytes are reported at their line and (byte) column. */
    static String decode(byte[] bytes, String origin) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult r = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (r.isError()) {
            int bad = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new InputException(origin + ":" + line + ":" + (bad - lineStart + 1) + ": invalid UTF-8 byte 0x"
                    + Integer.toHexString(bytes[bad] & 0xff) + " (expected UTF-8 text)");
        }
        return out.flip().toString();
    }

    /** SnakeYAML's messages span lines with indented source snippets: keep the unindented sentences. */
    private static String oneLine(String message) {
        if (message == null) {
            return "malformed";
        }
        return String.join("; ", message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
    }

    private static String where(String origin, JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return origin;
        }
        return origin + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, readValue(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT, LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            case VALUE_EMBEDDED_OBJECT -> {
                return p.getText(); // YAML binary or timestamps: kept as their text
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    /** The tree as a document in {@code format}, ending with a newline; deterministic for the same tree. */
    static String write(Object tree, Format format) {
        return new String(writeBytes(tree, format), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The same document as UTF-8 bytes, which is what the output file gets: Jackson's UTF-8 generator
     * writes them directly, without a String in between to copy and encode again (a 1 MB output is
     * serialised in cold code, so every pass counts at start-up).
     */
    static byte[] writeBytes(Object tree, Format format) {
        if (format == Format.PROPERTIES) {
            return PropertiesCodec.write(tree).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (format == Format.INI || format == Format.TOML) {
            throw new IllegalArgumentException(format + " is read only");
        }
        Utf8Out out = new Utf8Out();
        try (JsonGenerator g = (format == Format.YAML ? Yaml.FACTORY : JSON).createGenerator(out)) {
            if (format == Format.JSON) {
                DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                        .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                        .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                                .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
                g.setPrettyPrinter(pretty);
            }
            writeValue(g, tree);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        if (!out.endsWithNewline()) {
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** A byte buffer that can tell its last byte without copying itself. */
    private static final class Utf8Out extends java.io.ByteArrayOutputStream {
        Utf8Out() {
            super(8192);
        }

        boolean endsWithNewline() {
            return count > 0 && buf[count - 1] == '\n';
        }
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object item : list) {
                    writeValue(g, item);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case BigInteger b -> g.writeNumber(b);
            case BigDecimal d -> g.writeNumber(d);
            case Double d -> g.writeNumber(d);
            case Number n -> g.writeNumber(n.doubleValue());
            default -> g.writeString(String.valueOf(value));
        }
    }
}
