package dev.lanewise.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The service's JSON: a request {@code {"pixels": [784 numbers]}} read strictly (one object, exactly that field,
 * finite numbers, the model's input length), a response {@code {"class": k, "probabilities": [...]}} and an error
 * {@code {"error": "..."}}. jackson-core's streaming API: no object mapping, no reflection.
 */
final class PredictionJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private PredictionJson() {
    }

    /** A request body that is not what the service accepts; the message is safe to show the client. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    /** The {@code length} pixels of a request body, or a BadRequest saying what is wrong. */
    static float[] pixels(byte[] body, int length) throws BadRequest {
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "expected a JSON object {\"pixels\": [...]}");
            float[] pixels = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                expect("pixels".equals(name), "unexpected field '" + name + "': the body holds only \"pixels\"");
                expect(p.nextToken() == JsonToken.START_ARRAY, "\"pixels\": expected an array of numbers");
                pixels = numbers(p, length);
            }
            expect(p.nextToken() == null, "expected one JSON object, got more after it");
            expect(pixels != null, "missing \"pixels\"");
            return pixels;
        } catch (JsonProcessingException e) {
            throw new BadRequest("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // parsing a byte array does no I/O
        }
    }

    private static float[] numbers(JsonParser p, int length) throws IOException, BadRequest {
        float[] values = new float[length];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT,
                    "\"pixels\"[" + n + "]: expected a number, got " + p.getText());
            expect(n < length, "\"pixels\": expected " + length + " numbers, got more");
            float v = p.getFloatValue();
            expect(Float.isFinite(v), "\"pixels\"[" + n + "]: expected a finite float, got " + p.getText());
            values[n++] = v;
        }
        expect(n == length, "\"pixels\": expected " + length + " numbers, got " + n);
        return values;
    }

    private static void expect(boolean ok, String message) throws BadRequest {
        if (!ok) {
            throw new BadRequest(message);
        }
    }

    static byte[] prediction(int label, float[] probabilities) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("class", label);
            g.writeArrayFieldStart("probabilities");
            for (float v : probabilities) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static byte[] error(String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a byte array does not fail
        }
        return out.toByteArray();
    }
}
