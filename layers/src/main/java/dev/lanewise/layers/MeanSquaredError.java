package dev.lanewise.layers;

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
        float[] y = output.data(), t = targets.data(), grad = new float[y.length];
        double sum = 0;
        double scale = y.length == 0 ? 0 : 2.0 / y.length;
        for (int i = 0; i < y.length; i++) {
            double d = (double) y[i] - t[i];
            sum += d * d;
            grad[i] = (float) (scale * d);
        }
        return new LossValue(y.length == 0 ? Double.NaN : sum / y.length, Tensor.wrap(grad, output.shape()));
    }


    @Override
    public String toString() {
        return "MeanSquaredError";
    }
}
