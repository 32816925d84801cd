package dev.lanewise.layers;

import dev.lanewise.kernels.Activations;

/** Hyperbolic tangent, elementwise. */
public final class Tanh extends Layer {
    @Override
    void checkInput(Tensor input) {
        ElementwiseLayer.checkHasBatch(input);
    }

    @Override
    Tensor infer(Tensor input, Context context) {
        float[] y = context.floats(input.size());
        Activations.tanh(y.length, input.data(), 0, y, 0);
        return Tensor.wrap(y, input.shape());
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
