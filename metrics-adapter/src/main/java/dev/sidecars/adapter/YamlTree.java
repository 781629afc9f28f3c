package dev.sidecars.adapter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML document as a tree of nodes that remember their line and column, so that every
 * validation error can say where it is. Scalars stay text (YAML's {@code 1} and {@code "1"} alike);
 * the validator decides what a value must be.
 */
record YamlTree(Object value, int line, int column) {

    /** A mapping's entries in file order; a key given twice is an error. */
    @SuppressWarnings("unchecked")
    Map<String, YamlTree> map() {
        return value instanceof Map<?, ?> m ? (Map<String, YamlTree>) m : null;
    }

    @SuppressWarnings("unchecked")
    List<YamlTree> list() {
        return value instanceof List<?> l ? (List<YamlTree>) l : null;
    }

    String scalar() {
        return value instanceof String s ? s : null;
    }

    String at() {
        return line + ":" + column;
    }

    /** Reads and parses a YAML file; every failure is an {@link IllegalArgumentException} naming the file. */
    static YamlTree load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + FailureReasons.of(e));
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text; a syntax error is an {@link IllegalArgumentException} naming {@code source}. */
    static YamlTree parse(String text, String source) {
        try {
            return parse(text);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "malformed YAML" : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException(source + ": not valid YAML: " + message);
        }
    }

    static YamlTree parse(String text) throws IOException {
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return new YamlTree(null, 1, 1);
            }
            return read(parser);
        }
    }

    private static YamlTree read(JsonParser parser) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlTree> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    JsonLocation keyAt = parser.currentTokenLocation();
                    parser.nextToken();
                    YamlTree child = read(parser);
                    if (map.put(key, child) != null) {
                        throw new IOException("key \"" + key + "\" is given twice at " + keyAt.getLineNr() + ":" + keyAt.getColumnNr());
                    }
                }
                return new YamlTree(map, line, column);
            }
            case START_ARRAY -> {
                List<YamlTree> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser));
                }
                return new YamlTree(list, line, column);
            }
            case VALUE_NULL -> {
                return new YamlTree(null, line, column);
            }
            default -> {
                return new YamlTree(parser.getText(), line, column);
            }
        }
    }
}
