package dev.lanewise.layers;

/** Shape-preserving layers accept any input with a batch axis. */
final class ElementwiseLayer {
    private ElementwiseLayer() {
    }

    static void checkHasBatch(Tensor input) {
        if (input.rank() < 1) {
            throw new IllegalArgumentException("expected input [batch, ...], got " + Layer.describe(input.shape()));
        }
    }
}
