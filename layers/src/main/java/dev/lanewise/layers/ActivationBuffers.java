package dev.lanewise.layers;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Arrays for the intermediate activations of inference, lent out for exclusive use and given back, so a
 * steady stream of {@link Sequential#predict} calls allocates nothing — from platform threads, pools and virtual
 * threads alike (a thread-local would give every virtual thread, one per request, its own). A small shared pool,
 * like the kernels' work buffers: a take scans it for an array large enough, a give puts one back (keeping the
 * larger ones when full). Contents of a taken array are unspecified; every use overwrites what it reads.
 */
final class ActivationBuffers {
    /** Arrays kept: two per core (an inference holds two) with room to spare. */
    static final int CAPACITY = Math.max(8, 4 * Runtime.getRuntime().availableProcessors() + 4);
    private static final AtomicReferenceArray<float[]> POOL = new AtomicReferenceArray<>(CAPACITY);

    private ActivationBuffers() {
    }

    /** An array of at least {@code size} floats, the caller's until it gives it back. */
    static float[] take(int size) {
        int start = home();
        for (int t = 0, i = start; t < CAPACITY; t++, i = i + 1 == CAPACITY ? 0 : i + 1) {
            float[] a = POOL.get(i);
            if (a != null && a.length >= size && POOL.compareAndSet(i, a, null)) {
                return a;
            }
        }
        return new float[size];
    }

    static void give(float[] a) {
        int start = home();
        int smallest = -1;
        float[] smallestArray = null;
        for (int t = 0, i = start; t < CAPACITY; t++, i = i + 1 == CAPACITY ? 0 : i + 1) {
            float[] held = POOL.get(i);
            if (held == null) {
                if (POOL.compareAndSet(i, null, a)) {
                    return;
                }
            } else if (held.length < a.length && (smallestArray == null || held.length < smallestArray.length)) {
                smallest = i;
                smallestArray = held;
            }
        }
        if (smallestArray != null) {
            POOL.compareAndSet(smallest, smallestArray, a);
        }
    }

    private static int home() {
        return (int) Long.remainderUnsigned(Thread.currentThread().threadId() * 2, CAPACITY);
    }
}
