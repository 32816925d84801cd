package dev.lanewise.layers;

import java.util.List;

/** Reshapes {@code [batch, d1, d2, …]} to {@code [batch, d1·d2·…]} (no copy). */
public final class Flatten extends Layer {
    @Override
    void checkInput(Tensor input) {
        if (input.rank() < 2) {
            throw new IllegalArgumentException("expected input [batch, ...] of rank >= 2, got " + describe(input.shape()));
        }
    }

    @Override
    Tensor infer(Tensor input, Context context) {
        int[] shape = input.shape();
        int features = 1;
        for (int d = 1; d < shape.length; d++) {
            features *= shape[d];
        }
        return input.reshape(shape[0], features);
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
