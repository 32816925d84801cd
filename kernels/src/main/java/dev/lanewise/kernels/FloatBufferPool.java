package dev.lanewise.kernels;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Float arrays lent out for exclusive use and given back, so a steady stream of calls allocates nothing — from
 * platform threads, pools and virtual threads alike (a thread-local would give every virtual thread its own, and
 * is unsafe when another task runs on the thread meanwhile: a ForkJoin join, a nested parallel stream). A
 * {@link #take} scans a small lock-free array for a buffer large enough; a {@link #give} puts one back, keeping
 * the larger ones when the pool is full. Contents of a taken buffer are unspecified. The kernels' packing and
 * im2col buffers come from pools like this; applications may use their own.
 */
public final class FloatBufferPool {
    /** Largest buffer a pool hands out: the largest array a JVM allocates. */
    public static final long MAX_FLOATS = Integer.MAX_VALUE - 8;

    private final AtomicReferenceArray<float[]> slots;
    private final int capacity;

    /** A pool keeping at most {@code capacity} buffers. */
    public FloatBufferPool(int capacity) {
        Checks.positive(capacity, "capacity");
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    public int capacity() {
        return capacity;
    }

    /**
     * A buffer of at least {@code size} floats, the caller's alone until it {@link #give gives} it back; a new one,
     * a quarter larger than asked (so a slowly growing size does not reallocate every call), when none fits.
     *
     * @throws IllegalArgumentException if {@code size} is negative or exceeds {@link #MAX_FLOATS}
     */
    public float[] take(long size) {
        if (size < 0 || size > MAX_FLOATS) {
            throw new IllegalArgumentException("work buffer: expected 0 to " + MAX_FLOATS + " floats (the largest"
                    + " Java array), got " + size);
        }
        int start = home();
        for (int t = 0, i = start; t < capacity; t++, i = i + 1 == capacity ? 0 : i + 1) {
            float[] buffer = slots.get(i);
            if (buffer != null && buffer.length >= size && slots.compareAndSet(i, buffer, null)) {
                return buffer;
            }
        }
        return new float[(int) Math.min(MAX_FLOATS, size + (size >> 2))];
    }

    /** Returns a buffer from {@link #take}; the caller must not touch it afterwards. */
    public void give(float[] buffer) {
        java.util.Objects.requireNonNull(buffer, "buffer: expected a buffer, got null");
        int start = home();
        int smallest = -1;
        float[] smallestBuffer = null;
        for (int t = 0, i = start; t < capacity; t++, i = i + 1 == capacity ? 0 : i + 1) {
            float[] held = slots.get(i);
            if (held == null) {
                if (slots.compareAndSet(i, null, buffer)) {
                    return;
                }
            } else if (held.length < buffer.length && (smallestBuffer == null || held.length < smallestBuffer.length)) {
                smallest = i;
                smallestBuffer = held;
            }
        }
        // Full: keep the larger buffers (a CAS lost to another thread just drops this one).
        if (smallestBuffer != null) {
            slots.compareAndSet(smallest, smallestBuffer, buffer);
        }
    }

    /** Where this thread starts scanning, so threads mostly get back the buffer they gave (still warm in cache). */
    private int home() {
        return (int) Long.remainderUnsigned(Thread.currentThread().threadId(), capacity);
    }
}
