package dev.lanewise.layers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes tensors as safetensors: float tensors as F32, exact counts ({@code num_batches_tracked}) as I64, little
 * endian, the data 8-byte aligned after a space-padded header, in one pass through a reused 1 MiB buffer.
 */
final class SafetensorsWriter {
    private static final String COUNT_SUFFIX = "num_batches_tracked";

    private SafetensorsWriter() {
    }

    static boolean isCount(String name) {
        return name.endsWith(COUNT_SUFFIX);
    }

    static void write(WritableByteChannel out, Map<String, String> metadata, List<Map.Entry<String, Tensor>> tensors)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors) {
            Tensor t = e.getValue();
            boolean count = isCount(e.getKey());
            long bytes = (long) t.size() * (count ? 8 : 4);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", count ? "I64" : "F32");
            entry.put("shape", java.util.Arrays.stream(t.shape()).boxed().toList());
            entry.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), entry);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;   // the data starts 8-byte aligned
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        writeFully(out, head.flip());
        ByteBuffer chunk = ByteBuffer.allocate(SafetensorsReader.CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, Tensor> e : tensors) {
            writeTensor(out, e.getValue(), isCount(e.getKey()), chunk);
        }
    }

    private static void writeTensor(WritableByteChannel out, Tensor t, boolean asLong, ByteBuffer chunk)
            throws IOException {
        if (asLong) {
            chunk.clear();
            chunk.putLong(t.countValue()).flip();
            writeFully(out, chunk);
            return;
        }
        float[] v = t.data();
        for (int done = 0; done < v.length; ) {
            int floats = Math.min(v.length - done, SafetensorsReader.CHUNK / 4);
            chunk.clear();
            chunk.asFloatBuffer().put(v, done, floats);
            chunk.limit(floats * 4);
            writeFully(out, chunk);
            done += floats;
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
