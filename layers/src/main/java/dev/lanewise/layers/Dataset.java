package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Samples along the first axis of an input tensor, paired with class labels or regression targets. Immutable.
 * {@link #batches(int, long)} yields seeded, shuffled minibatches, the last partial batch included. Inputs are
 * float32, or — {@link #ofUnsignedBytes} — unsigned bytes turned into floats one batch at a time.
 */
public final class Dataset {
    /** The float inputs, or null when the inputs are {@link #bytes}. */
    private final Tensor inputs;
    private final UnsignedBytes bytes;
    private final int[] labels;
    private final Tensor targets;

    private Dataset(Tensor inputs, int[] labels, Tensor targets) {
        this(inputs, null, labels, targets);
    }

    private Dataset(Tensor inputs, UnsignedBytes bytes, int[] labels, Tensor targets) {
        this.inputs = inputs;
        this.bytes = bytes;
        this.labels = labels;
        this.targets = targets;
    }

    /**
     * Inputs kept as unsigned bytes, sample i being {@code shape[1..]} bytes from {@code i·rowBytes}; as floats each
     * byte is {@code v / divisor}, the same bits as {@link Tensor#ofUnsignedBytes}. {@code quotient[v]} is that
     * division, computed once per value.
     */
    private record UnsignedBytes(byte[] data, float divisor, float[] quotient, int[] shape) {
        int rowBytes() {
            return shape[0] == 0 ? 0 : data.length / shape[0];
        }
    }

    /** Classification data: {@code labels[i]} is the class of sample i. */
    public static Dataset of(Tensor inputs, int[] labels) {
        Objects.requireNonNull(inputs, "inputs: expected a tensor, got null");
        Objects.requireNonNull(labels, "labels: expected an array, got null");
        checkBatchAxis(inputs);
        checkLabels(labels, inputs.dim(0));
        return new Dataset(inputs, labels.clone(), null);
    }

    /**
     * Classification data whose inputs stay unsigned bytes (images, say): {@code shape[0]} samples of
     * {@code shape[1..]} bytes each, the first {@code size(shape)} bytes of {@code data} (copied). Each byte v reads as
     * the float {@code v / divisor} — bit for bit what {@code Dataset.of(Tensor.ofUnsignedBytes(data, 0, divisor,
     * shape), labels)} holds, so training on either gives the same results — but the dataset keeps a quarter of the
     * memory and converts only the samples of each batch as it is made ({@link #inputs()} converts them all). The
     * conversion is per batch, every epoch (a table look-up per byte): the MNIST demo holds its data this way, and
     * its 5-epoch job peaked at 407–440 MB instead of 556–595 MB with floats, at the same wall time.
     */
    public static Dataset ofUnsignedBytes(byte[] data, float divisor, int[] labels, int... shape) {
        Objects.requireNonNull(data, "data: expected an array, got null");
        float[] quotient = Tensor.unsignedByteQuotients(divisor);
        int[] s = Tensor.checkedShape(shape);
        if (s.length < 1) {
            throw new IllegalArgumentException("shape: expected a sample axis, got a scalar shape");
        }
        int size = Tensor.checkedSize("shape", s);
        Objects.checkFromIndexSize(0, size, data.length);
        Objects.requireNonNull(labels, "labels: expected an array, got null");
        checkLabels(labels, s[0]);
        return new Dataset(null, new UnsignedBytes(Arrays.copyOf(data, size), divisor, quotient, s), labels.clone(),
                null);
    }

    /** One class ≥ 0 per sample. */
    private static void checkLabels(int[] labels, int samples) {
        if (labels.length != samples) {
            throw new IllegalArgumentException("labels: expected " + samples + " labels (one per sample), got "
                    + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("labels[" + i + "]: expected a class >= 0, got " + labels[i]);
            }
        }
    }

    /** Regression data: {@code targets} has one row per sample. */
    public static Dataset of(Tensor inputs, Tensor targets) {
        Objects.requireNonNull(inputs, "inputs: expected a tensor, got null");
        Objects.requireNonNull(targets, "targets: expected a tensor, got null");
        checkBatchAxis(inputs);
        checkBatchAxis(targets);
        if (targets.dim(0) != inputs.dim(0)) {
            throw new IllegalArgumentException("targets: expected " + inputs.dim(0) + " rows (one per sample), got "
                    + targets.dim(0));
        }
        return new Dataset(inputs, null, targets);
    }

    private static void checkBatchAxis(Tensor t) {
        if (t.rank() < 1) {
            throw new IllegalArgumentException("expected a tensor with a sample axis, got a scalar");
        }
    }

    public int size() {
        return inputs != null ? inputs.dim(0) : bytes.shape()[0];
    }

    /** The inputs as floats (for a dataset of {@link #ofUnsignedBytes bytes}: all of them converted, on every call). */
    public Tensor inputs() {
        return inputs != null ? inputs : Tensor.ofUnsignedBytes(bytes.data(), 0, bytes.divisor(), bytes.shape());
    }

    public boolean hasLabels() {
        return labels != null;
    }

    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("labels: this dataset has regression targets");
        }
        return labels.clone();
    }

    /** The labels themselves, for this package: never written. */
    int[] labelsShared() {
        return labels;
    }

    public Tensor targets() {
        if (targets == null) {
            throw new IllegalStateException("targets: this dataset has class labels");
        }
        return targets;
    }

    /** Samples [from, to). */
    public Dataset slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        int[] order = new int[to - from];
        Arrays.setAll(order, i -> from + i);
        return select(order);
    }

    /** The samples in a seeded random order. */
    public Dataset shuffle(long seed) {
        return select(permutation(size(), seed));
    }

    /** Minibatches in order, the last one partial. */
    public List<Batch> batches(int batchSize) {
        return batches(batchSize, inOrder());
    }

    /** Minibatches of a seeded shuffle, the last one partial. */
    public List<Batch> batches(int batchSize, long seed) {
        return batches(batchSize, permutation(size(), seed));
    }

    private List<Batch> batches(int batchSize, int[] order) {
        int count = batchCount(batchSize);
        List<Batch> out = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            out.add(batch(order, b, batchSize));
        }
        return out;
    }

    /** Batches of {@code batchSize} the dataset makes, the last one partial. */
    public int batchCount(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected >= 1, got " + batchSize);
        }
        return (int) ((size() + (long) batchSize - 1) / batchSize);
    }

    /**
     * Batch {@code b} of {@code batchSize} in {@code order}, gathered now: a training loop that asks for one batch at
     * a time holds one batch's copy, not an epoch's (an epoch's copy of MNIST is 157 MB that outlives every young
     * collection). {@code order} is a permutation of the sample indices — {@link #permutation}'s, for one — and
     * {@code b} a batch index in [0, {@link #batchCount}).
     */
    public Batch batch(int[] order, int b, int batchSize) {
        Objects.requireNonNull(order, "order: expected an array of sample indices, got null");
        if (order.length != size()) {
            throw new IllegalArgumentException("order: expected " + size() + " sample indices (one per sample), got "
                    + order.length);
        }
        Objects.checkIndex(b, batchCount(batchSize));
        int from = b * batchSize;
        int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
        for (int i : idx) {
            Objects.checkIndex(i, size());
        }
        return new Batch(inputs != null ? gather(inputs, idx) : gatherFloats(bytes, idx),
                labels == null ? null : gatherLabels(idx), targets == null ? null : gather(targets, idx));
    }

    /** The identity order 0, 1, …, size−1. */
    int[] inOrder() {
        int[] order = new int[size()];
        Arrays.setAll(order, i -> i);
        return order;
    }

    /**
     * A seeded random order of {@code n} indices — the one {@link #shuffle(long)} and {@link #batches(int, long)}
     * use: Fisher–Yates with a {@link SplittableRandom}, so the same seed gives the same order on every JVM.
     */
    public static int[] permutation(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n: expected >= 0, got " + n);
        }
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private Dataset select(int[] idx) {
        return new Dataset(inputs == null ? null : gather(inputs, idx), bytes == null ? null : gatherBytes(bytes, idx),
                labels == null ? null : gatherLabels(idx), targets == null ? null : gather(targets, idx));
    }

    private static UnsignedBytes gatherBytes(UnsignedBytes b, int[] idx) {
        int row = b.rowBytes();
        byte[] dst = new byte[idx.length * row];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(b.data(), idx[i] * row, dst, i * row, row);
        }
        int[] shape = b.shape().clone();
        shape[0] = idx.length;
        return new UnsignedBytes(dst, b.divisor(), b.quotient(), shape);
    }

    /** Samples {@code idx} of byte inputs as floats: one table look-up per byte. */
    private static Tensor gatherFloats(UnsignedBytes b, int[] idx) {
        int row = b.rowBytes();
        byte[] src = b.data();
        float[] quotient = b.quotient(), dst = new float[idx.length * row];
        for (int i = 0; i < idx.length; i++) {
            for (int s = idx[i] * row, d = i * row, end = d + row; d < end; s++, d++) {
                dst[d] = quotient[src[s] & 0xff];
            }
        }
        int[] shape = b.shape().clone();
        shape[0] = idx.length;
        return Tensor.wrap(dst, shape);
    }

    private int[] gatherLabels(int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = labels[idx[i]];
        }
        return out;
    }

    private static Tensor gather(Tensor t, int[] idx) {
        int[] shape = t.shape();
        int row = shape[0] == 0 ? 0 : t.size() / shape[0];
        float[] src = t.data(), dst = new float[idx.length * row];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(src, idx[i] * row, dst, i * row, row);
        }
        shape[0] = idx.length;
        return Tensor.wrap(dst, shape);
    }
}
