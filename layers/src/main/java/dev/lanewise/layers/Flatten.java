package dev.lanewise.layers;

import java.util.List;

/** Reshapes {@code [batch, d1, d2, …]} to {@code [batch, d1·d2·…]} (no copy). */
public final class Flatten extends Layer {
    @Override
    void checkShape(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("expected input [batch, ...] of rank >= 2, got " + describe(shape));
        }
        features(shape);
    }

    /** d1·d2·… of {@code [batch, d1, d2, …]}, checked (an empty batch does not make a huge row fit). */
    private static int features(int[] shape) {
        return Tensor.checkedSize("Flatten features of " + describe(shape),
                java.util.Arrays.copyOfRange(shape, 1, shape.length));
    }

    @Override
    int[] outputSample(int[] sample) {
        return new int[]{size(sample)};
    }

    @Override
    boolean passesThrough() {
        return true;
    }

    @Override
    void inferInto(float[] x, int batch, int[] sample, float[] y, int threads) {
        throw new AssertionError("Flatten passes through");
    }

    @Override
    Trace train(Tensor input, Context context) {
        Tensor output = infer(input, context);
        int[] inShape = input.shape();
        return new Trace() {
            @Override
            public Tensor output() {
                return output;
            }

            @Override
            public LayerGradients backward(Tensor dy, Context c, boolean needInput) {
                return new LayerGradients(dy.reshape(inShape), List.of());
            }
        };
    }

    @Override
    LayerSpec spec() {
        return LayerSpec.of("Flatten");
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
