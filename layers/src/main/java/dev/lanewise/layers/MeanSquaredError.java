package dev.lanewise.layers;

import dev.lanewise.kernels.Losses;

import java.util.Arrays;

/** Mean over all elements of (output − target)², gradient 2·(output − target)/size (PyTorch's {@code MSELoss}). */
public final class MeanSquaredError implements RegressionLoss {
    @Override
    public LossValue evaluate(Tensor output, Tensor targets) {
        java.util.Objects.requireNonNull(output, "output: expected a tensor, got null");
        java.util.Objects.requireNonNull(targets, "targets: expected a tensor, got null");
        if (!Arrays.equals(output.shape(), targets.shape())) {
            throw new IllegalArgumentException("targets: expected shape " + Tensor.shapeString(output.shape())
                    + " like the output, got " + Tensor.shapeString(targets.shape()));
        }
        float[] y = output.data(), grad = new float[y.length];
        double loss = Losses.meanSquaredError(y.length, y, 0, targets.data(), 0, grad, 0);
        return new LossValue(loss, Tensor.wrap(grad, output.shape()));
    }


    /** Reads the output during the call only. */
    @Override
    public boolean retainsOutput() {
        return false;
    }

    @Override
    public String toString() {
        return "MeanSquaredError";
    }
}
