package dev.lanewise.kernels.simd;

import dev.lanewise.kernels.FloatBufferPool;

/**
 * Work buffers (packing, transposes, im2col) lent out for exclusive use, so steady-state kernel calls allocate
 * nothing. A kernel {@link #take takes} a buffer, uses it, and {@link #give gives} it back in a {@code finally}
 * block; while it holds the buffer nobody else can have it — not a task of the same call on another thread, not
 * another call that the same thread happens to run while it waits (a ForkJoin worker that joins may execute an
 * unrelated task, a parallel stream element that calls the same kernel), not a nested kernel. Buffers that are
 * given back wait in a small shared pool per {@link Slot} until the next take.
 *
 * <p>Why a shared pool and not thread-locals: a thread-local buffer is only safe if nothing else runs on that
 * thread while it is in use, which nested parallelism breaks; the common ForkJoin pool also clears its workers'
 * thread-locals after every task, and virtual threads would each allocate their own. The pool holds at most
 * {@link #CAPACITY} buffers per slot (the largest given back win); a take past that allocates. Contents of a
 * taken buffer are unspecified; the pool has no effect on any result.
 */
public final class Scratch {
    /** Independent kinds of buffer; one call may hold several at once (Conv1d's columns feed GEMM's packing). */
    public enum Slot { GEMM_A, GEMM_B, GEMM_TILE, CONV_COLUMNS, CONV_CHANNELS, CONV_WEIGHTS, CONV_PADDED, CONV_PARTIALS, SOFTMAX_TILE }

    /** Largest buffer the pool hands out: the largest array a JVM allocates. */
    public static final long MAX_FLOATS = FloatBufferPool.MAX_FLOATS;

    /** Buffers kept per slot: every core may hold two at once (a caller and a nested call) with room to spare. */
    static final int CAPACITY = Math.max(4, 2 * Runtime.getRuntime().availableProcessors() + 2);

    private static final FloatBufferPool[] POOLS = new FloatBufferPool[Slot.values().length];

    static {
        for (int s = 0; s < POOLS.length; s++) {
            POOLS[s] = new FloatBufferPool(CAPACITY);
        }
    }

    private static final ThreadLocal<int[]> STRIDES = ThreadLocal.withInitial(() -> new int[]{-1});

    private Scratch() {
    }

    /**
     * A buffer of at least {@code size} floats, the caller's alone until it {@link #give gives} it back.
     *
     * @throws IllegalArgumentException if {@code size} exceeds {@link #MAX_FLOATS}
     */
    public static float[] take(Slot slot, long size) {
        return POOLS[slot.ordinal()].take(size);
    }

    /** Returns a buffer from {@link #take}; the caller must not touch it afterwards. */
    public static void give(Slot slot, float[] buffer) {
        POOLS[slot.ordinal()].give(buffer);
    }

    /**
     * This thread's gather index map {@code {0, stride, 2·stride, …}} of {@code lanes} entries (followed by its
     * stride in the last slot), rebuilt only when the stride or lane count changes. Safe as a thread-local: it is
     * only read inside one packing loop, which runs nothing else meanwhile.
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
}
