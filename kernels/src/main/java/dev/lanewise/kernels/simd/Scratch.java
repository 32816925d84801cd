package dev.lanewise.kernels.simd;

/**
 * Per-thread, grow-only work buffers (packing and im2col), so steady-state kernel calls allocate nothing.
 * Each use has its own slot because one kernel may call another (Conv1d's columns feed GEMM's packing).
 */
public final class Scratch {
    /** Independent buffers a thread may hold at once. */
    public enum Slot { GEMM_A, GEMM_B, GEMM_TILE, CONV_COLUMNS, CONV_CHANNELS }

    private static final ThreadLocal<float[][][]> BUFFERS =
            ThreadLocal.withInitial(() -> new float[Slot.values().length][1][]);

    private static final ThreadLocal<int[]> STRIDES = ThreadLocal.withInitial(() -> new int[]{-1});

    private Scratch() {
    }

    /**
     * This thread's gather index map {@code {0, stride, 2·stride, …}} of {@code lanes} entries (followed by its
     * stride in the last slot), rebuilt only when the stride or lane count changes.
     */
    public static int[] strideMap(int stride, int lanes) {
        int[] map = STRIDES.get();
        if (map.length != lanes + 1 || map[lanes] != stride) {
            map = new int[lanes + 1];
            for (int i = 0; i < lanes; i++) {
                map[i] = i * stride;
            }
            map[lanes] = stride;
            STRIDES.set(map);
        }
        return map;
    }

    /** A buffer of at least {@code size} floats for this thread; contents are unspecified. */
    public static float[] floats(Slot slot, long size) {
        return floats(slot, 0, size);
    }

    /**
     * Buffer number {@code part} of a slot, owned by this (calling) thread and lent to the task computing that
     * part of a parallel call. Pool workers cannot keep buffers themselves: the common pool clears a worker's
     * thread-locals after every task, which would reallocate them on every call.
     */
    public static float[] floats(Slot slot, int part, long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("work buffer of " + size + " floats exceeds the largest Java array");
        }
        float[][][] buffers = BUFFERS.get();
        float[][] parts = buffers[slot.ordinal()];
        if (part >= parts.length) {
            parts = java.util.Arrays.copyOf(parts, part + 1);
            buffers[slot.ordinal()] = parts;
        }
        float[] buffer = parts[part];
        if (buffer == null || buffer.length < size) {
            buffer = new float[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(size, size + (size >> 2)))];
            parts[part] = buffer;
        }
        return buffer;
    }
}
