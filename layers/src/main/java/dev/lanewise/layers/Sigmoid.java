package dev.lanewise.layers;

import dev.lanewise.kernels.Activations;

/** 1 / (1 + e^−x), elementwise. */
public final class Sigmoid extends Layer {
    @Override
    void checkInput(Tensor input) {
        ElementwiseLayer.checkHasBatch(input);
    }

    @Override
    Tensor infer(Tensor input, Context context) {
        float[] y = context.floats(input.size());
        Activations.sigmoid(y.length, input.data(), 0, y, 0);
        return Tensor.wrap(y, input.shape());
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
