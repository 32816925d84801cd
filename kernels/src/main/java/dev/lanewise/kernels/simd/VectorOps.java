package dev.lanewise.kernels.simd;

import dev.lanewise.kernels.Activation;
import dev.lanewise.kernels.Conv1dGeometry;
import dev.lanewise.kernels.GemmBlocking;
import dev.lanewise.kernels.GemmStrategy;
import dev.lanewise.kernels.ops.PackedOperand;
import dev.lanewise.kernels.reference.ReferenceGemm;
import dev.lanewise.kernels.ops.ReferenceOps;

/**
 * The Vector API implementation of {@code KernelOps}, at the species of {@link Lanes}: every kernel it vectorizes
 * is overridden here; the rest it inherits from {@link ReferenceOps} on purpose — kernels whose cost is negligible
 * next to the GEMMs around them and whose sums stay in double in a fixed order (softmax backward, the MSE and
 * hinge losses, batch normalization) or that draw from one sequential generator (the dropout mask). Loaded only
 * after {@code Vectorization} enabled the vector path.
 */
public final class VectorOps extends ReferenceOps {
    /** The one instance. */
    public static final VectorOps INSTANCE = new VectorOps();

    private VectorOps() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void sgemm(GemmStrategy strategy, int threads, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
                      float beta, float[] c, int offC, int ldc) {
        VectorGemm.sgemm(strategy, threads, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb,
                beta, c, offC, ldc);
    }

    @Override
    public void sgemm(GemmBlocking blocking, int threads, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
                      float beta, float[] c, int offC, int ldc) {
        VectorGemm.sgemm(blocking, threads, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb,
                beta, c, offC, ldc);
    }

    @Override
    public void requireSupported(GemmBlocking blocking) {
        blocking.requireTileFor(Lanes.L);
    }

    @Override
    public PackedOperand packB(boolean transB, int k, int n, float[] b, int offB, int ldb) {
        return PackedGemm.pack(GemmBlocking.current(), transB, k, n, b, offB, ldb);
    }

    @Override
    public void sgemm(int threads, boolean transA, int m, float alpha, float[] a, int offA, int lda, PackedOperand b,
                      float beta, float[] c, int offC, int ldc) {
        PackedGemm.PrepackedB pb = (PackedGemm.PrepackedB) b;
        if (m == 0 || pb.n() == 0) {
            return;
        }
        if (alpha == 0f || pb.k() == 0) {
            // C = beta·C only, as the unpacked call: with k = 0 the reference reads neither A nor its B argument.
            ReferenceGemm.sgemm(transA, false, m, pb.n(), 0, 0f, a, offA, lda, c, offC, ldc, beta, c, offC, ldc);
            return;
        }
        PackedGemm.sgemm(pb, threads, transA, m, alpha, a, offA, lda, beta, c, offC, ldc);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
        VectorBlas1.axpy(n, alpha, x, offX, y, offY);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int offX) {
        VectorBlas1.scale(n, alpha, x, offX);
    }

    @Override
    public double squaredNorm(int n, float[] x, int offX) {
        return VectorBlas1.squaredNorm(n, x, offX);
    }

    @Override
    public double sum(int n, float[] x, int offX) {
        return VectorBlas1.sum(n, x, offX);
    }

    @Override
    public void multiply(int n, float[] x, int offX, float[] y, int offY, float[] out, int offOut) {
        VectorBlas1.multiply(n, x, offX, y, offY, out, offOut);
    }

    @Override
    public void columnSums(int m, int n, float[] a, int offA, int lda, float[] out, int offOut) {
        VectorMatrixReductions.columnSums(m, n, a, offA, lda, out, offOut);
    }

    @Override
    public void rowArgmax(int m, int n, float[] a, int offA, int lda, int[] out, int offOut) {
        VectorMatrixReductions.rowArgmax(m, n, a, offA, lda, out, offOut);
    }

    @Override
    public void relu(int n, float[] x, int offX, float[] y, int offY) {
        VectorActivations.relu(n, x, offX, y, offY);
    }

    @Override
    public void reluBackward(int n, float[] dy, int offDy, float[] z, int offZ, float[] dx, int offDx) {
        VectorActivations.reluBackward(n, dy, offDy, z, offZ, dx, offDx);
    }

    @Override
    public void sigmoid(int n, float[] x, int offX, float[] y, int offY) {
        VectorActivations.sigmoid(n, x, offX, y, offY);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx) {
        VectorActivations.sigmoidBackward(n, y, offY, dy, offDy, dx, offDx);
    }

    @Override
    public void tanh(int n, float[] x, int offX, float[] y, int offY) {
        VectorActivations.tanh(n, x, offX, y, offY);
    }

    @Override
    public void tanhBackward(int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx) {
        VectorActivations.tanhBackward(n, y, offY, dy, offDy, dx, offDx);
    }

    @Override
    public void biasActivation(Activation act, int m, int n, float[] z, int offZ, int ldz,
                               float[] bias, int offBias, float[] y, int offY, int ldy) {
        VectorBiasActivation.forward(act == Activation.RELU, m, n, z, offZ, ldz, bias, offBias, y, offY, ldy);
    }

    @Override
    public void softmax(int m, int n, float[] x, int offX, int ldx, float[] y, int offY, int ldy) {
        VectorSoftmax.softmax(m, n, x, offX, ldx, y, offY, ldy);
    }

    @Override
    public void logSumExp(int m, int n, float[] x, int offX, int ldx, float[] out, int offOut) {
        VectorSoftmax.logSumExp(m, n, x, offX, ldx, out, offOut);
    }

    @Override
    public double crossEntropy(int m, int n, float[] logits, int offLogits, int ldLogits, int[] labels,
                               int offLabels, float[] grad, int offGrad, int ldGrad) {
        return VectorSoftmax.crossEntropy(m, n, logits, offLogits, ldLogits, labels, offLabels,
                grad, offGrad, ldGrad);
    }

    @Override
    public void sgd(int threads, int n, float learningRate, float weightDecay, float[] w, int offW, float[] g,
                    int offG, float[] out, int offOut) {
        if (Elementwise.parts(threads, n) <= 1) {   // no lambda: the serial call allocates nothing
            VectorOptimizerUpdates.sgd(n, learningRate, weightDecay, w, offW, g, offG, out, offOut);
            return;
        }
        Elementwise.run(threads, n, (from, len) -> VectorOptimizerUpdates.sgd(len, learningRate, weightDecay,
                w, offW + from, g, offG + from, out, offOut + from));
    }

    @Override
    public void sgdMomentum(int threads, int n, float learningRate, float momentum, float weightDecay,
                            boolean nesterov, float[] w, int offW, float[] g, int offG, float[] v, int offV,
                            float[] out, int offOut) {
        if (Elementwise.parts(threads, n) <= 1) {
            VectorOptimizerUpdates.sgdMomentum(n, learningRate, momentum, weightDecay, nesterov, w, offW, g, offG,
                    v, offV, out, offOut);
            return;
        }
        Elementwise.run(threads, n, (from, len) -> VectorOptimizerUpdates.sgdMomentum(len, learningRate, momentum,
                weightDecay, nesterov, w, offW + from, g, offG + from, v, offV + from, out, offOut + from));
    }

    @Override
    public void adam(int threads, int n, float learningRate, float beta1, float beta2, float epsilon,
                     float weightDecay, long step, float[] w, int offW, float[] g, int offG, float[] m, int offM,
                     float[] v, int offV, float[] out, int offOut) {
        if (Elementwise.parts(threads, n) <= 1) {
            VectorOptimizerUpdates.adam(n, learningRate, beta1, beta2, epsilon, weightDecay, step, w, offW, g, offG,
                    m, offM, v, offV, out, offOut);
            return;
        }
        Elementwise.run(threads, n, (from, len) -> VectorOptimizerUpdates.adam(len, learningRate, beta1, beta2,
                epsilon, weightDecay, step, w, offW + from, g, offG + from, m, offM + from, v, offV + from,
                out, offOut + from));
    }

    @Override
    public void conv1dForward(int threads, Conv1dGeometry g, float[] x, int offX, float[] w, int offW, float[] bias,
                              int offBias, float[] y, int offY) {
        if (DirectConv1d.handles(g)) {
            DirectConv1d.forward(threads, g, x, offX, w, offW, bias, offBias, y, offY);
        } else {
            GemmConv1d.forward(threads, g, x, offX, w, offW, bias, offBias, y, offY);
        }
    }

    @Override
    public void conv1dBackwardInput(int threads, Conv1dGeometry g, float[] dy, int offDy, float[] w, int offW,
                                    float[] dx, int offDx) {
        if (DirectConv1d.handles(g)) {
            DirectConv1d.backwardInput(threads, g, dy, offDy, w, offW, dx, offDx);
        } else {
            GemmConv1d.backwardInput(threads, g, dy, offDy, w, offW, dx, offDx);
        }
    }

    @Override
    public void conv1dBackwardWeight(int threads, Conv1dGeometry g, float[] x, int offX, float[] dy, int offDy,
                                     float[] dw, int offDw) {
        if (DirectConv1d.handles(g)) {
            DirectConv1d.backwardWeight(threads, g, x, offX, dy, offDy, dw, offDw);
        } else {
            GemmConv1d.backwardWeight(threads, g, x, offX, dy, offDy, dw, offDw);
        }
    }

    @Override
    public void conv1dBackwardBias(Conv1dGeometry g, float[] dy, int offDy, float[] db, int offDb) {
        GemmConv1d.backwardBias(g, dy, offDy, db, offDb);
    }
}
