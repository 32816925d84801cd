package dev.lanewise.layers;

import dev.lanewise.kernels.Blas1;
import dev.lanewise.kernels.Masks;

import java.util.List;
import java.util.Map;

/**
 * Inverted dropout: in training each element is zeroed with probability {@code p} and the rest scaled by
 * 1/(1 − p); {@link #apply} is the identity. The mask of a training pass is drawn from the pass's seed and the
 * layer's position ({@link Masks#dropout}), so a seeded run is reproducible.
 */
public final class Dropout extends Layer {
    private final float p;

    public Dropout(float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("p: expected a probability in [0, 1), got " + p);
        }
        this.p = p;
    }

    public float p() {
        return p;
    }

    @Override
    void checkShape(int[] shape) {
        ElementwiseLayer.checkHasBatch(shape);
    }

    @Override
    int[] outputSample(int[] sample) {
        return sample;
    }

    @Override
    boolean passesThrough() {
        return true;
    }

    @Override
    void inferInto(float[] x, int batch, int[] sample, float[] y, int threads) {
        throw new AssertionError("Dropout passes through in evaluation mode");
    }

    @Override
    Trace train(Tensor input, Context context) {
        float[] mask = context.floats(input.size());
        float[] x = input.data();
        float[] y = context.floats(x.length);
        Masks.dropout(mask.length, p, context.layerSeed(), mask, 0);
        Blas1.multiply(x.length, x, 0, mask, 0, y, 0);
        Tensor output = Tensor.wrap(y, input.shape());
        return new Trace() {
            @Override
            public Tensor output() {
                return output;
            }

            @Override
            public LayerGradients backward(Tensor dyT, Context c, boolean needInput) {
                float[] dy = dyT.data();
                float[] dx = c.floats(dy.length);
                Blas1.multiply(dx.length, dy, 0, mask, 0, dx, 0);
                return new LayerGradients(Tensor.wrap(dx, dyT.shape()), List.of());
            }
        };
    }

    @Override
    LayerSpec spec() {
        return new LayerSpec("Dropout", Map.of("p", p));
    }

    @Override
    public String toString() {
        return "Dropout(" + p + ")";
    }
}
