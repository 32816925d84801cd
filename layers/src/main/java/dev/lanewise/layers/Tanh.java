package dev.lanewise.layers;

import dev.lanewise.kernels.Activations;

import java.util.List;

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
        Tensor output = infer(input, context);
        return new Trace() {
            @Override
            public Tensor output() {
                return output;
            }

            @Override
            public LayerGradients backward(Tensor dy, Context c, boolean needInput) {
                float[] dx = c.floats(dy.size());
                Activations.tanhBackward(dx.length, output.data(), 0, dy.data(), 0, dx, 0);
                return new LayerGradients(Tensor.wrap(dx, dy.shape()), List.of());
            }
        };
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
