package dev.lanewise.layers;

import dev.lanewise.kernels.Activations;

/** 1 / (1 + e^−x), elementwise. */
public final class Sigmoid extends Layer {
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
        Activations.sigmoid(batch * size(sample), x, 0, y, 0);
    }

    @Override
    Trace train(Tensor input, Context context) {
        return ElementwiseLayer.trace(infer(input, context),
                (n, y, dy, dx) -> Activations.sigmoidBackward(n, y, 0, dy, 0, dx, 0));
    }

    @Override
    LayerSpec spec() {
        return LayerSpec.of("Sigmoid");
    }

    @Override
    public String toString() {
        return "Sigmoid";
    }
}
