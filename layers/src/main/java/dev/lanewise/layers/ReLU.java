package dev.lanewise.layers;

import dev.lanewise.kernels.Activations;

/** max(0, x). After a {@link Linear} in a {@link Sequential} it is fused into the Linear's bias pass. */
public final class ReLU extends Layer {
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
        Activations.relu(batch * size(sample), x, 0, y, 0);   // NaN stays NaN, as in the fused kernel and PyTorch
    }

    @Override
    Trace train(Tensor input, Context context) {
        return traceOf(infer(input, context));
    }

    /** Trace for output y = relu(z): the mask y > 0 equals z > 0, so y alone drives the backward pass. */
    static Trace traceOf(Tensor output) {
        return ElementwiseLayer.trace(output, (n, y, dy, dx) -> Activations.reluBackward(n, dy, 0, y, 0, dx, 0));
    }

    @Override
    LayerSpec spec() {
        return LayerSpec.of("ReLU");
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
