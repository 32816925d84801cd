package dev.lanewise.mnist;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format), raw or gzip-compressed: a 4-byte magic number {@code 0x0000 TT RR} (TT the
 * element type, RR the rank), RR big-endian int32 dimensions, then the elements. Only unsigned bytes (type
 * 0x08) are supported, which is what MNIST uses. Every problem — wrong magic, type, rank, dimensions, a
 * truncated body or trailing bytes — is an {@link IOException} naming the file.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** The dimensions and the unsigned-byte elements of an IDX file. */
    public record Idx(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    /** Reads {@code file}; a {@code .gz} name or gzip magic bytes mean gzip. */
    public static Idx read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return read(new DataInputStream(in), file, gzip ? -1 : Files.size(file));
            } catch (java.util.zip.ZipException e) {
                throw new IOException(file + ": corrupt gzip data: " + e.getMessage(), e);
            } catch (EOFException e) {
                // Only the gzip stream itself ends early here (the IDX reads below name their own truncation).
                throw new IOException(file + ": truncated gzip data (the compressed stream ends early)", e);
            }
        }
    }

    private static Idx read(DataInputStream in, Path file, long rawLength) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + ": truncated: no 4-byte IDX magic number", e);
        }
        if ((magic >>> 16) != 0) {
            throw new IOException(file + ": not an IDX file: magic number 0x" + Integer.toHexString(magic)
                    + " should start with two zero bytes");
        }
        int type = (magic >>> 8) & 0xff, rank = magic & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new IOException(file + ": IDX element type 0x" + Integer.toHexString(type)
                    + " is not supported (expected 0x08, unsigned byte)");
        }
        if (rank < 1 || rank > 4) {
            throw new IOException(file + ": IDX rank " + rank + " is not supported (expected 1 to 4)");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
            try {
                dims[d] = in.readInt();
            } catch (EOFException e) {
                throw new IOException(file + ": truncated: header declares " + rank + " dimensions, found " + d, e);
            }
            if (dims[d] < 0) {
                throw new IOException(file + ": dimension " + d + " is negative (" + dims[d] + ")");
            }
            count *= dims[d];
            if (count > MAX_ELEMENTS) {
                throw new IOException(file + ": " + java.util.Arrays.toString(dims) + " elements exceed a Java array");
            }
        }
        long expected = 4L + 4L * rank + count;
        if (rawLength >= 0 && rawLength != expected) {
            throw new IOException(file + ": file has " + rawLength + " bytes but its header "
                    + java.util.Arrays.toString(dims) + " needs " + expected
                    + (rawLength < expected ? " (truncated)" : " (trailing bytes)"));
        }
        byte[] data = rawLength >= 0 ? readExactly(in, (int) count, file, dims) : readGrowing(in, (int) count, file, dims);
        if (rawLength < 0 && in.read() != -1) {
            throw new IOException(file + ": trailing bytes after the " + count + " elements its header declares");
        }
        return new Idx(dims, data);
    }

    /** A raw file whose size already matched the header: the declared bytes can be allocated at once. */
    private static byte[] readExactly(DataInputStream in, int count, Path file, int[] dims) throws IOException {
        byte[] data = new byte[count];
        try {
            in.readFully(data);
        } catch (EOFException e) {
            throw truncated(file, dims, count, e);
        }
        return data;
    }

    /**
     * A compressed stream: its header's size is only a claim until the bytes arrive, so the buffer grows with what
     * is actually read (doubling from 1 MiB, never past the claim) and a short stream fails without the claimed
     * allocation — a tiny file claiming 2³¹ images must not allocate 2 GB.
     */
    private static byte[] readGrowing(DataInputStream in, int count, Path file, int[] dims) throws IOException {
        byte[] data = new byte[Math.min(count, 1 << 20)];
        int filled = 0;
        while (filled < count) {
            if (filled == data.length) {
                data = java.util.Arrays.copyOf(data, (int) Math.min(count, 2L * data.length));
            }
            int n;
            try {
                n = in.read(data, filled, data.length - filled);
            } catch (EOFException e) {
                throw truncated(file, dims, count, e);
            }
            if (n < 0) {
                throw truncated(file, dims, count, null);
            }
            filled += n;
        }
        return data;
    }

    private static IOException truncated(Path file, int[] dims, long count, EOFException cause) {
        return new IOException(file + ": truncated: header " + java.util.Arrays.toString(dims) + " needs " + count
                + " data bytes", cause);
    }
}
