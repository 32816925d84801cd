package dev.lanewise.layers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The parts of a safetensors file as bytes, for tests that take a saved file apart and put a corrupted one together. */
final class SafetensorsBytes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsBytes() {
    }

    static int headerLength(byte[] file) {
        return (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static ObjectNode header(byte[] file) throws IOException {
        return (ObjectNode) JSON.readTree(new String(file, 8, headerLength(file), StandardCharsets.UTF_8));
    }

    static byte[] data(byte[] file) {
        return Arrays.copyOfRange(file, 8 + headerLength(file), file.length);
    }

    /** A file of the given header JSON (padded to 8 bytes) followed by {@code data}. */
    static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        return b.put(data).array();
    }
}
