package dev.lanewise.layers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of model-file headers, on jackson-core's streaming API alone (one jar whose API has been stable since
 * 2.0, so it rarely clashes with the Jackson an application brings): values are {@code Map<String, Object>} (in
 * document order), {@code List<Object>}, {@code String}, {@code Long}/{@code BigInteger} for integers,
 * {@code Double} for other numbers, {@code Boolean} and {@code null}. Parsing is strict: duplicate keys, trailing
 * content and anything that is not one JSON value are errors.
 */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /** The value {@code text} holds; an IllegalArgumentException saying what is wrong and where, if it is no JSON. */
    static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("expected a JSON value, got nothing");
            }
            Object value = read(p, first);
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new IllegalArgumentException("expected one JSON value, got more after it at "
                        + p.currentLocation().offsetDescription());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at " + e.getLocation().offsetDescription() : ""), e);
        } catch (IOException e) {   // reading a String fails only by a parse error, caught above
            throw new UncheckedIOException(e);
        }
    }

    /** {@code text} parsed as a JSON object, or an IllegalArgumentException naming {@code what}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text, String what) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(what + ": expected a JSON object, got " + abbreviate(value));
        }
        return (Map<String, Object>) value;
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    map.put(name, read(p, p.nextToken()));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    list.add(read(p, v));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> {
                BigInteger big = p.getBigIntegerValue();
                yield big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected JSON token " + t);
        };
    }

    /** {@code value} (maps, lists, strings, numbers, booleans, null) as compact JSON. */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object v : list) {
                    write(g, v);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Float f -> g.writeNumber(f);
            case Double d -> g.writeNumber(d);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case BigInteger b -> g.writeNumber(b);
            case Boolean b -> g.writeBoolean(b);
            default -> throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON");
        }
    }

    /** The value as JSON, shortened to 80 characters for error messages. */
    static String abbreviate(Object value) {
        String text = write(value);
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
