package dev.lanewise.layers;

import dev.lanewise.kernels.SoftmaxKernels;

import java.util.List;

/**
 * Softmax over the last axis of a {@code [batch, classes]} input. For training a classifier prefer the fused
 * {@link SoftmaxCrossEntropy} loss on logits; this layer is for models that must output probabilities.
 */
public final class Softmax extends Layer {
    @Override
    void checkShape(int[] shape) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("expected input [batch, classes], got " + describe(shape));
        }
    }

    @Override
    int[] outputSample(int[] sample) {
        return sample;
    }

    @Override
    void inferInto(float[] x, int batch, int[] sample, float[] y, int threads) {
        SoftmaxKernels.softmax(batch, sample[0], x, 0, sample[0], y, 0, sample[0]);
    }

    @Override
    Trace train(Tensor input, Context context) {
        Tensor output = infer(input, context);
        return new Trace() {
            @Override
            public Tensor output() {
                return output;
            }

            /** dx_j = y_j · (dy_j − Σ_k dy_k y_k), per row. */
            @Override
            public LayerGradients backward(Tensor dyT, Context c, boolean needInput) {
                int m = output.dim(0), n = output.dim(1);
                float[] dx = c.floats(m * n);
                SoftmaxKernels.softmaxBackward(m, n, output.data(), 0, dyT.data(), 0, dx, 0);
                return new LayerGradients(Tensor.wrap(dx, m, n), List.of());
            }
        };
    }

    @Override
    LayerSpec spec() {
        return LayerSpec.of("Softmax");
    }

    @Override
    public String toString() {
        return "Softmax";
    }
}
