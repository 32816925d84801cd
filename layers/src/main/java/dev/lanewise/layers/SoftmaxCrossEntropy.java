package dev.lanewise.layers;

import dev.lanewise.kernels.SoftmaxKernels;

/**
 * Softmax followed by cross-entropy on logits, fused: one stable log-sum-exp pass gives the mean loss and the
 * gradient (softmax − onehot) / batch (PyTorch's {@code CrossEntropyLoss}).
 */
public final class SoftmaxCrossEntropy implements ClassificationLoss {
    @Override
    public LossValue evaluate(Tensor output, int[] labels) {
        Loss.checkLabels(output, labels);
        int m = output.dim(0), n = output.dim(1);
        float[] grad = new float[m * n];
        double loss = SoftmaxKernels.crossEntropy(m, n, output.data(), 0, n,
                labels, 0, grad, 0, n);
        return new LossValue(loss, Tensor.wrap(grad, m, n));
    }


    /** Reads the output during the call only. */
    @Override
    public boolean retainsOutput() {
        return false;
    }

    @Override
    public String toString() {
        return "SoftmaxCrossEntropy";
    }
}
