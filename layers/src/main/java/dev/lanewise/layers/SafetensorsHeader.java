package dev.lanewise.layers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a <a href="https://github.com/huggingface/safetensors">safetensors</a> file — an 8-byte
 * little-endian length, then a JSON object of {@code __metadata__} (string to string) and one entry per tensor —
 * checked strictly: every entry an object of exactly {@code dtype}, {@code shape} and {@code data_offsets}, each
 * range holding exactly shape × dtype width bytes, the ranges covering the data once (no gap, no overlap, nothing
 * after the last). Problems are IllegalArgumentExceptions naming the tensor; callers add the file's name.
 *
 * @param metadata   the {@code __metadata__} strings (empty if absent)
 * @param entries    the tensors in data order
 * @param dataLength the bytes after the header the tensors cover
 */
record SafetensorsHeader(Map<String, String> metadata, List<Entry> entries, long dataLength) {
    /** Longest header accepted: far above any real model's, small enough to read into memory. */
    static final long MAX_HEADER = 100L << 20;

    /** Element types of the format and their widths in bytes. */
    enum Dtype {
        BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4),
        F64(8), I64(8), U64(8);

        final int width;

        Dtype(int width) {
            this.width = width;
        }

        /** The 16-, 32- and 64-bit floats a model's parameters may be stored as (read as float32). */
        boolean isParameterType() {
            return this == F16 || this == BF16 || this == F32 || this == F64;
        }
    }

    /** One tensor: its name, dtype, shape and byte range {@code [begin, end)} in the data. */
    record Entry(String name, Dtype dtype, int[] shape, long begin, long end) {
        long count() {
            long count = 1;
            for (int d : shape) {
                count *= d;   // at most 2^31 per dimension and the product checked against the range in parse
            }
            return count;
        }

        String describe() {
            return name + " " + dtype + " " + Tensor.shapeString(shape);
        }
    }

    SafetensorsHeader {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        entries = List.copyOf(entries);
    }

    /** The metadata string under {@code key}, or null. */
    String meta(String key) {
        return metadata.get(key);
    }

    /**
     * Reads the length and the header from {@code in}, leaving it at the first data byte. {@code size} is the whole
     * file's length if known, else -1 (a stream: the data's end is checked by whoever reads it).
     */
    static SafetensorsHeader read(ReadableByteChannel in, long size) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (SafetensorsReader.readFully(in, length) < 8) {
            throw new IllegalArgumentException("truncated: " + length.position()
                    + " bytes, expected at least the 8-byte header length");
        }
        long n = length.flip().getLong();
        if (n < 2 || n > MAX_HEADER || (size >= 0 && n > size - 8L)) {
            throw new IllegalArgumentException("header length " + n + " does not fit " + (size >= 0
                    ? "the file of " + size + " bytes" : "a header (2 to " + MAX_HEADER + " bytes)")
                    + " (truncated or not safetensors)");
        }
        ByteBuffer json = ByteBuffer.allocate((int) n);
        if (SafetensorsReader.readFully(in, json) < n) {
            throw new IllegalArgumentException("truncated: the header of " + n + " bytes ends after "
                    + json.position());
        }
        return parse(new String(json.array(), StandardCharsets.UTF_8), size >= 0 ? size - 8 - n : -1);
    }

    /** The header of JSON {@code text}; {@code dataLength} is the bytes after it, or -1 if not known yet. */
    static SafetensorsHeader parse(String text, long dataLength) {
        Map<String, Object> root = Json.parseObject(text, "header");
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> f : root.entrySet()) {
            if (f.getKey().equals("__metadata__")) {
                metadata = metadata(f.getValue());
            } else {
                entries.add(entry(f.getKey(), f.getValue()));
            }
        }
        entries.sort((x, y) -> x.begin != y.begin ? Long.compare(x.begin, y.begin) : Long.compare(x.end, y.end));
        long covered = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.begin < covered) {
                throw new IllegalArgumentException("tensor '" + e.name + "': data_offsets [" + e.begin + ", " + e.end
                        + ") overlap tensor '" + entries.get(i - 1).name
                        + "' (each byte of data belongs to exactly one tensor)");
            }
            if (e.begin > covered) {
                throw new IllegalArgumentException("data: bytes [" + covered + ", " + e.begin + ") belong to no"
                        + " tensor (before '" + e.name + "')");
            }
            covered = e.end;
        }
        if (dataLength >= 0 && covered != dataLength) {
            throw new IllegalArgumentException("data: the tensors take " + covered + " bytes but the file holds "
                    + dataLength + " after the header (truncated or trailing bytes)");
        }
        return new SafetensorsHeader(metadata, entries, covered);
    }

    private static Map<String, String> metadata(Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("__metadata__: expected an object of strings, got "
                    + Json.abbreviate(node));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new IllegalArgumentException("__metadata__ '" + e.getKey() + "': expected a string, got "
                        + Json.abbreviate(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(String name, Object node) {
        if (!(node instanceof Map<?, ?> entry) || entry.size() != 3 || !entry.containsKey("dtype")
                || !entry.containsKey("shape") || !entry.containsKey("data_offsets")) {
            throw new IllegalArgumentException("tensor '" + name + "': expected an object of dtype, shape and"
                    + " data_offsets, got " + Json.abbreviate(node));
        }
        Dtype dtype = dtype(name, entry.get("dtype"));
        int[] shape = shape(name, entry.get("shape"));
        long count = 1;
        for (int d : shape) {
            count = saturatedMultiply(count, d);
        }
        long bytes = saturatedMultiply(count, dtype.width);
        Object off = entry.get("data_offsets");
        if (!(off instanceof List<?> range) || range.size() != 2 || !(range.get(0) instanceof Long begin)
                || !(range.get(1) instanceof Long end)) {
            throw new IllegalArgumentException("tensor '" + name + "': data_offsets expected two integers, got "
                    + Json.abbreviate(off));
        }
        if (begin < 0 || end < begin || end - begin != bytes) {
            throw new IllegalArgumentException("tensor '" + name + "': data_offsets " + Json.write(off)
                    + " expected to hold " + (bytes == Long.MAX_VALUE ? "more than 2^63" : Long.toString(bytes))
                    + " bytes (shape " + Tensor.shapeString(shape) + " of " + dtype + ")");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static Dtype dtype(String name, Object node) {
        if (node instanceof String s) {
            for (Dtype d : Dtype.values()) {
                if (d.name().equals(s)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("tensor '" + name + "': dtype expected one of "
                + java.util.Arrays.toString(Dtype.values()) + ", got " + Json.abbreviate(node));
    }

    /** A shape node: an array of integers in [0, 2³¹), or an exception naming the tensor. */
    private static int[] shape(String name, Object node) {
        if (!(node instanceof List<?> dims)) {
            throw new IllegalArgumentException("tensor '" + name + "': shape expected an array, got "
                    + Json.abbreviate(node));
        }
        int[] shape = new int[dims.size()];
        for (int d = 0; d < shape.length; d++) {
            if (!(dims.get(d) instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor '" + name + "': shape expected integers in [0, "
                        + Integer.MAX_VALUE + "], got " + Json.abbreviate(node));
            }
            shape[d] = (int) (long) dim;
        }
        return shape;
    }

    static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b), low = a * b;
        return a < 0 || b < 0 || high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}
