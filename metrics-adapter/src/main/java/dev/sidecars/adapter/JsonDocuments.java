package dev.sidecars.adapter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;

/**
 * Decodes an app's JSON into plain Maps, Lists and scalars, which {@link JsonPath} walks: one pass
 * with Jackson's streaming parser (no intermediate JsonObject tree), nesting depth bounded.
 */
final class JsonDocuments {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();

    private JsonDocuments() {
    }

    static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return document(parser);
        } catch (IOException e) {
            throw decodeException(e);
        }
    }

    static Object parse(Buffer buffer) {
        byte[] bytes = buffer.getBytes();
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return document(parser);
        } catch (IOException e) {
            throw decodeException(e);
        }
    }

    /** The first line of the decoder's message, without the echoed input. */
    static String shortReason(DecodeException e) {
        String message = e.getMessage() == null ? "malformed JSON" : e.getMessage();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return first.length() > 200 ? first.substring(0, 200) : first;
    }

    private static DecodeException decodeException(IOException e) {
        String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        return new DecodeException(message == null ? "malformed JSON" : message);
    }

    private static Object document(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new DecodeException("empty body, expected a JSON document");
        }
        Object value = value(parser);
        if (parser.nextToken() != null) {
            throw new DecodeException("unexpected content after the JSON document at " + parser.currentLocation().getCharOffset());
        }
        return value;
    }

    private static Object value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                String key;
                while ((key = parser.nextFieldName()) != null) {
                    parser.nextToken();
                    map.put(key, value(parser));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new DecodeException("unexpected token " + parser.currentToken());
        };
    }
}
