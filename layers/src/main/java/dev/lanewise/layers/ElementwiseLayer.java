package dev.lanewise.layers;

/** What the elementwise activations share: any input with a batch axis, and a backward pass driven by the output. */
final class ElementwiseLayer {
    private ElementwiseLayer() {
    }

    static void checkHasBatch(int[] shape) {
        if (shape.length < 1) {
            throw new IllegalArgumentException("expected input [batch, ...], got " + Layer.describe(shape));
        }
    }

    /** dx (n values) from the layer's output y and the output gradient dy. */
    @FunctionalInterface
    interface Backward {
        void apply(int n, float[] y, float[] dy, float[] dx);
    }

    /** The trace of an elementwise layer whose gradient depends only on its output. */
    static Layer.Trace trace(Tensor output, Backward backward) {
        return new Layer.Trace() {
            @Override
            public Tensor output() {
                return output;
            }

            @Override
            public LayerGradients backward(Tensor dy, Context context, boolean needInput) {
                float[] dx = context.floats(dy.size());
                backward.apply(dx.length, output.data(), dy.data(), dx);
                return new LayerGradients(Tensor.wrap(dx, dy.shape()), java.util.List.of());
            }
        };
    }
}
