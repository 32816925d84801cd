package dev.lanewise.layers;

import dev.lanewise.kernels.Activations;

/** Hyperbolic tangent, elementwise. */
public final class Tanh extends Layer {
    @Override
    void checkShape(int[] shape) {
        ElementwiseLayer.checkHasBatch(shape);
    }

    @Override
    int[] outputSample(int[] sample) {
        return sample;
    }

    @Override
    void inferInto(float[] x, int batch, int[] sample, float[] y, int threads) {
        Activations.tanh(batch * size(sample), x, 0, y, 0);
    }

    @Override
    Trace train(Tensor input, Context context) {
        return ElementwiseLayer.trace(infer(input, context),
                (n, y, dy, dx) -> Activations.tanhBackward(n, y, 0, dy, 0, dx, 0));
    }

    @Override
    LayerSpec spec() {
        return LayerSpec.of("Tanh");
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
