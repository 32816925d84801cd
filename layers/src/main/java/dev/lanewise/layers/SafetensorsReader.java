package dev.lanewise.layers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the tensors of a safetensors file front to back, in data order, through one reused 1 MiB buffer — so a
 * file and a stream load the same way, and models of 2 GiB and more load (each tensor up to the largest Java
 * array). F32, F16, BF16 and F64 become float32 (F64 values beyond float range are an error, not infinities);
 * an I64 scalar becomes an exact count. Problems are IllegalArgumentExceptions; callers add the source's name.
 */
final class SafetensorsReader {
    static final int CHUNK = 1 << 20;
    /** First array size for a tensor from a stream, whose length nobody vouches for: grown as bytes arrive. */
    private static final int STREAM_START = 1 << 22;

    private SafetensorsReader() {
    }

    /**
     * Every tensor of {@code header} read from {@code in} (positioned at the first data byte); those whose name
     * {@code wanted} accepts are returned by name, the others skipped. {@code sized}: the source's length was
     * checked against the header, so arrays are allocated whole.
     */
    static Map<String, Tensor> read(ReadableByteChannel in, SafetensorsHeader header, boolean sized,
                                    Predicate<String> wanted) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (SafetensorsHeader.Entry e : header.entries()) {
            if (!wanted.test(e.name())) {
                skip(in, e.end() - e.begin(), chunk, e);
            } else if (e.dtype().isParameterType()) {
                out.put(e.name(), Tensor.wrap(floats(in, e, sized, chunk), e.shape()));
            } else if (e.dtype() == SafetensorsHeader.Dtype.I64 && e.shape().length == 0) {
                chunk.clear().limit(8);
                fill(in, chunk, e);
                out.put(e.name(), Tensor.count(chunk.flip().getLong()));
            } else {
                throw new IllegalArgumentException("tensor '" + e.name() + "': expected F32, F16, BF16 or F64 (or an"
                        + " I64 count), got " + e.dtype() + " " + Tensor.shapeString(e.shape()));
            }
        }
        return out;
    }

    /** For a stream: the data must end where the last tensor does. */
    static void requireEnd(ReadableByteChannel in, long dataLength) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        if (readFully(in, one) > 0) {
            throw new IllegalArgumentException("data: trailing bytes after the " + dataLength
                    + " bytes the tensors take");
        }
    }

    private static float[] floats(ReadableByteChannel in, SafetensorsHeader.Entry e, boolean sized,
                                  ByteBuffer chunk) throws IOException {
        int count = Tensor.checkedSize("tensor '" + e.name() + "'", e.shape());
        int width = e.dtype().width;
        float[] values = new float[sized ? count : Math.min(count, STREAM_START)];
        for (int done = 0; done < count; ) {
            int n = Math.min(count - done, CHUNK / width);
            chunk.clear().limit(n * width);
            fill(in, chunk, e);
            chunk.flip();
            if (done + n > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(count, 2L * values.length + n));
            }
            convert(chunk, e, values, done, n);
            done += n;
        }
        return values;
    }

    private static void convert(ByteBuffer src, SafetensorsHeader.Entry e, float[] dst, int at, int n) {
        switch (e.dtype()) {
            case F32 -> src.asFloatBuffer().get(dst, at, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = Float.float16ToFloat(src.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = Float.intBitsToFloat((src.getShort() & 0xffff) << 16);   // bfloat16: float's top half
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    double v = src.getDouble();
                    float f = (float) v;
                    if (Float.isInfinite(f) && !Double.isInfinite(v)) {
                        throw new IllegalArgumentException("tensor '" + e.name() + "': value " + v + " at index "
                                + (at + i) + " is beyond float32's range");
                    }
                    dst[at + i] = f;
                }
            }
            default -> throw new AssertionError(e.dtype());
        }
    }

    private static void skip(ReadableByteChannel in, long bytes, ByteBuffer chunk, SafetensorsHeader.Entry e)
            throws IOException {
        for (long left = bytes; left > 0; ) {
            chunk.clear().limit((int) Math.min(left, CHUNK));
            fill(in, chunk, e);
            left -= chunk.limit();
        }
    }

    /** Fills {@code b} to its limit, or throws "truncated" naming the tensor being read. */
    private static void fill(ReadableByteChannel in, ByteBuffer b, SafetensorsHeader.Entry e) throws IOException {
        int want = b.remaining();
        if (readFully(in, b) < want) {
            throw new IllegalArgumentException("truncated: the data ended inside tensor '" + e.name() + "' (bytes ["
                    + e.begin() + ", " + e.end() + ") of the data)");
        }
    }

    /** Reads until {@code b} is full or the source ends; the bytes read. */
    static int readFully(ReadableByteChannel in, ByteBuffer b) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = in.read(b);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
