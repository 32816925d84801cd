package dev.lanewise.kernels.ops;

import dev.lanewise.kernels.Activation;
import dev.lanewise.kernels.Conv1dGeometry;
import dev.lanewise.kernels.GemmBlocking;
import dev.lanewise.kernels.GemmStrategy;
import dev.lanewise.kernels.reference.ReferenceActivations;
import dev.lanewise.kernels.reference.ReferenceBiasActivation;
import dev.lanewise.kernels.reference.ReferenceBlas1;
import dev.lanewise.kernels.reference.ReferenceConv1d;
import dev.lanewise.kernels.reference.ReferenceGemm;
import dev.lanewise.kernels.reference.ReferenceLosses;
import dev.lanewise.kernels.reference.ReferenceMasks;
import dev.lanewise.kernels.reference.ReferenceMatrixReductions;
import dev.lanewise.kernels.reference.ReferenceNormalization;
import dev.lanewise.kernels.reference.ReferenceOptimizerUpdates;
import dev.lanewise.kernels.reference.ReferenceSoftmax;

/**
 * The plain-loop twins of {@code dev.lanewise.kernels.reference} behind {@link KernelOps}: the truth in tests,
 * the baseline in benchmarks, and the implementation on a JVM without the Vector API. GEMM ignores the strategy,
 * blocking and thread count (one thread, the textbook triple loop). The vector implementation extends this class
 * and overrides every kernel it vectorizes.
 */
public class ReferenceOps implements KernelOps {
    static final ReferenceOps INSTANCE = new ReferenceOps();

    /** For the vector implementation, which inherits the kernels it does not vectorize. */
    protected ReferenceOps() {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void sgemm(GemmStrategy strategy, int threads, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
                      float beta, float[] c, int offC, int ldc) {
        ReferenceGemm.sgemm(transA, transB, m, n, alpha == 0f ? 0 : k, alpha, a, offA, lda, b, offB, ldb,
                beta, c, offC, ldc);
    }

    @Override
    public void sgemm(GemmBlocking blocking, int threads, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
                      float beta, float[] c, int offC, int ldc) {
        sgemm(GemmStrategy.NAIVE, threads, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb,
                beta, c, offC, ldc);
    }

    @Override
    public void requireSupported(GemmBlocking blocking) {
        // The reference runs any blocking: it ignores it.
    }

    /** The reference's packed B: a dense row-major copy of op(B); the product is the reference loop on it. */
    private record DenseB(int k, int n, float[] values) implements PackedOperand {
        @Override
        public boolean matchesAuto(int m) {
            return true;   // the reference reads the same op(B) values in the same order either way
        }
    }

    @Override
    public PackedOperand packB(boolean transB, int k, int n, float[] b, int offB, int ldb) {
        float[] values = new float[Math.multiplyExact(k, n)];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                values[p * n + j] = transB ? b[offB + j * ldb + p] : b[offB + p * ldb + j];
            }
        }
        return new DenseB(k, n, values);
    }

    @Override
    public void sgemm(int threads, boolean transA, int m, float alpha, float[] a, int offA, int lda, PackedOperand b,
                      float beta, float[] c, int offC, int ldc) {
        DenseB dense = (DenseB) b;
        sgemm(GemmStrategy.NAIVE, threads, transA, false, m, dense.n(), dense.k(), alpha, a, offA, lda,
                dense.values(), 0, Math.max(1, dense.n()), beta, c, offC, ldc);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
        ReferenceBlas1.axpy(n, alpha, x, offX, y, offY);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int offX) {
        ReferenceBlas1.scale(n, alpha, x, offX);
    }

    @Override
    public double squaredNorm(int n, float[] x, int offX) {
        return ReferenceBlas1.squaredNorm(n, x, offX);
    }

    @Override
    public double sum(int n, float[] x, int offX) {
        return ReferenceBlas1.sum(n, x, offX);
    }

    @Override
    public void multiply(int n, float[] x, int offX, float[] y, int offY, float[] out, int offOut) {
        ReferenceBlas1.multiply(n, x, offX, y, offY, out, offOut);
    }

    @Override
    public void columnSums(int m, int n, float[] a, int offA, int lda, float[] out, int offOut) {
        ReferenceMatrixReductions.columnSums(m, n, a, offA, lda, out, offOut);
    }

    @Override
    public void rowArgmax(int m, int n, float[] a, int offA, int lda, int[] out, int offOut) {
        ReferenceMatrixReductions.rowArgmax(m, n, a, offA, lda, out, offOut);
    }

    @Override
    public void relu(int n, float[] x, int offX, float[] y, int offY) {
        ReferenceActivations.relu(n, x, offX, y, offY);
    }

    @Override
    public void reluBackward(int n, float[] dy, int offDy, float[] z, int offZ, float[] dx, int offDx) {
        ReferenceActivations.reluBackward(n, dy, offDy, z, offZ, dx, offDx);
    }

    @Override
    public void sigmoid(int n, float[] x, int offX, float[] y, int offY) {
        ReferenceActivations.sigmoid(n, x, offX, y, offY);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx) {
        ReferenceActivations.sigmoidBackward(n, y, offY, dy, offDy, dx, offDx);
    }

    @Override
    public void tanh(int n, float[] x, int offX, float[] y, int offY) {
        ReferenceActivations.tanh(n, x, offX, y, offY);
    }

    @Override
    public void tanhBackward(int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx) {
        ReferenceActivations.tanhBackward(n, y, offY, dy, offDy, dx, offDx);
    }

    @Override
    public void biasActivation(Activation act, int m, int n, float[] z, int offZ, int ldz,
                               float[] bias, int offBias, float[] y, int offY, int ldy) {
        ReferenceBiasActivation.forward(act, m, n, z, offZ, ldz, bias, offBias, y, offY, ldy);
    }

    @Override
    public void softmax(int m, int n, float[] x, int offX, int ldx, float[] y, int offY, int ldy) {
        ReferenceSoftmax.softmax(m, n, x, offX, ldx, y, offY, ldy);
    }

    @Override
    public void softmaxBackward(int m, int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx) {
        ReferenceSoftmax.softmaxBackward(m, n, y, offY, dy, offDy, dx, offDx);
    }

    @Override
    public void logSumExp(int m, int n, float[] x, int offX, int ldx, float[] out, int offOut) {
        ReferenceSoftmax.logSumExp(m, n, x, offX, ldx, out, offOut);
    }

    @Override
    public double crossEntropy(int m, int n, float[] logits, int offLogits, int ldLogits, int[] labels,
                               int offLabels, float[] grad, int offGrad, int ldGrad) {
        return ReferenceSoftmax.crossEntropy(m, n, logits, offLogits, ldLogits, labels, offLabels,
                grad, offGrad, ldGrad);
    }

    @Override
    public double meanSquaredError(int n, float[] output, int offOutput, float[] target, int offTarget,
                                   float[] grad, int offGrad) {
        return ReferenceLosses.meanSquaredError(n, output, offOutput, target, offTarget, grad, offGrad);
    }

    @Override
    public double multiclassHinge(int m, int n, float margin, float[] scores, int offScores, int[] labels,
                                  int offLabels, float[] grad, int offGrad) {
        return ReferenceLosses.multiclassHinge(m, n, margin, scores, offScores, labels, offLabels, grad, offGrad);
    }

    @Override
    public void dropoutMask(int n, float p, long seed, float[] mask, int offMask) {
        ReferenceMasks.dropout(n, p, seed, mask, offMask);
    }

    @Override
    public void batchNormInference(int batch, int channels, int length, float eps, float[] x, int offX,
                                   float[] gamma, int offGamma, float[] beta, int offBeta,
                                   float[] mean, int offMean, float[] var, int offVar, float[] y, int offY) {
        ReferenceNormalization.inference(batch, channels, length, eps, x, offX, gamma, offGamma, beta, offBeta,
                mean, offMean, var, offVar, y, offY);
    }

    @Override
    public void batchNormTraining(int batch, int channels, int length, float eps, float momentum,
                                  float[] x, int offX, float[] gamma, int offGamma, float[] beta, int offBeta,
                                  float[] runningMean, int offRunningMean, float[] runningVar, int offRunningVar,
                                  float[] invStd, int offInvStd, float[] xhat, int offXhat, float[] y, int offY) {
        ReferenceNormalization.training(batch, channels, length, eps, momentum, x, offX, gamma, offGamma,
                beta, offBeta, runningMean, offRunningMean, runningVar, offRunningVar, invStd, offInvStd,
                xhat, offXhat, y, offY);
    }

    @Override
    public void batchNormBackward(int batch, int channels, int length, float[] dy, int offDy,
                                  float[] xhat, int offXhat, float[] gamma, int offGamma,
                                  float[] invStd, int offInvStd, float[] dx, int offDx,
                                  float[] dGamma, int offDGamma, float[] dBeta, int offDBeta) {
        ReferenceNormalization.backward(batch, channels, length, dy, offDy, xhat, offXhat, gamma, offGamma,
                invStd, offInvStd, dx, offDx, dGamma, offDGamma, dBeta, offDBeta);
    }

    @Override
    public void sgd(int threads, int n, float learningRate, float weightDecay, float[] w, int offW, float[] g, int offG,
                    float[] out, int offOut) {
        ReferenceOptimizerUpdates.sgd(n, learningRate, weightDecay, w, offW, g, offG, out, offOut);
    }

    @Override
    public void sgdMomentum(int threads, int n, float learningRate, float momentum, float weightDecay, boolean nesterov,
                            float[] w, int offW, float[] g, int offG, float[] v, int offV, float[] out, int offOut) {
        ReferenceOptimizerUpdates.sgdMomentum(n, learningRate, momentum, weightDecay, nesterov, w, offW, g, offG,
                v, offV, out, offOut);
    }

    @Override
    public void adam(int threads, int n, float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                     long step, float[] w, int offW, float[] g, int offG, float[] m, int offM, float[] v, int offV,
                     float[] out, int offOut) {
        ReferenceOptimizerUpdates.adam(n, learningRate, beta1, beta2, epsilon, weightDecay, step,
                w, offW, g, offG, m, offM, v, offV, out, offOut);
    }

    @Override
    public void conv1dForward(int threads, Conv1dGeometry g, float[] x, int offX, float[] w, int offW, float[] bias,
                              int offBias, float[] y, int offY) {
        ReferenceConv1d.forward(g, x, offX, w, offW, bias, offBias, y, offY);
    }

    @Override
    public void conv1dBackwardInput(int threads, Conv1dGeometry g, float[] dy, int offDy, float[] w, int offW,
                                    float[] dx, int offDx) {
        ReferenceConv1d.backwardInput(g, dy, offDy, w, offW, dx, offDx);
    }

    @Override
    public void conv1dBackwardWeight(int threads, Conv1dGeometry g, float[] x, int offX, float[] dy, int offDy,
                                     float[] dw, int offDw) {
        ReferenceConv1d.backwardWeight(g, x, offX, dy, offDy, dw, offDw);
    }

    @Override
    public void conv1dBackwardBias(Conv1dGeometry g, float[] dy, int offDy, float[] db, int offDb) {
        ReferenceConv1d.backwardBias(g, dy, offDy, db, offDb);
    }
}
