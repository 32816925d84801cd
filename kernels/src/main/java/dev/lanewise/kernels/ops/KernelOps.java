package dev.lanewise.kernels.ops;

import dev.lanewise.kernels.Activation;
import dev.lanewise.kernels.Conv1dGeometry;
import dev.lanewise.kernels.GemmBlocking;
import dev.lanewise.kernels.GemmStrategy;

/**
 * Every kernel lanewise has, as trusting entry points (the netlib-java {@code …K} pattern): the arguments are
 * already valid — sizes non-negative, leading dimensions large enough, arrays long enough, aliasing as the facade
 * allows, labels in range. The public facades in {@code dev.lanewise.kernels} check all of that and then call
 * {@link KernelProvider#active()}; code inside the kernels module that already holds valid arguments (Conv1d's
 * GEMMs, sums inside loops) calls these methods directly. The semantics of each method are those of the facade
 * method of the same name, documented there.
 *
 * <p>Two implementations: {@link ReferenceOps} (plain loops, the truth) and the Vector API one in
 * {@code dev.lanewise.kernels.simd}; {@link KernelProvider} chooses once per JVM.
 */
public interface KernelOps {

    /** A short name for reports and logs: {@code "reference"} or {@code "vector"}. */
    String name();

    // GEMM (Gemm)

    /** C = alpha·op(A)·op(B) + beta·C; {@code strategy} is a hint the reference ignores. */
    void sgemm(GemmStrategy strategy, int threads, boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
               float beta, float[] c, int offC, int ldc);

    /** The packed GEMM with an explicit blocking (the reference ignores it). */
    void sgemm(GemmBlocking blocking, int threads, boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb,
               float beta, float[] c, int offC, int ldc);

    /** Throws {@link IllegalArgumentException} if this implementation cannot run {@code blocking}. */
    void requireSupported(GemmBlocking blocking);

    /** op(B) (k×n; B is b[p·ldb + j], or b[j·ldb + p] if transB) packed once for {@link #sgemm(int, boolean, int, float, float[], int, int, PackedOperand, float, float[], int, int)}. */
    PackedOperand packB(boolean transB, int k, int n, float[] b, int offB, int ldb);

    /** C = alpha·op(A)·B + beta·C with B packed by {@link #packB} of this implementation. */
    void sgemm(int threads, boolean transA, int m, float alpha, float[] a, int offA, int lda, PackedOperand b,
               float beta, float[] c, int offC, int ldc);

    // Level 1 (Blas1)

    void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY);

    void scale(int n, float alpha, float[] x, int offX);

    double squaredNorm(int n, float[] x, int offX);

    double sum(int n, float[] x, int offX);

    void multiply(int n, float[] x, int offX, float[] y, int offY, float[] out, int offOut);

    // Reductions (MatrixReductions)

    void columnSums(int m, int n, float[] a, int offA, int lda, float[] out, int offOut);

    void rowArgmax(int m, int n, float[] a, int offA, int lda, int[] out, int offOut);

    // Activations

    void relu(int n, float[] x, int offX, float[] y, int offY);

    void reluBackward(int n, float[] dy, int offDy, float[] z, int offZ, float[] dx, int offDx);

    void sigmoid(int n, float[] x, int offX, float[] y, int offY);

    void sigmoidBackward(int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx);

    void tanh(int n, float[] x, int offX, float[] y, int offY);

    void tanhBackward(int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx);

    void biasActivation(Activation act, int m, int n, float[] z, int offZ, int ldz,
                        float[] bias, int offBias, float[] y, int offY, int ldy);

    // Softmax family (SoftmaxKernels)

    void softmax(int m, int n, float[] x, int offX, int ldx, float[] y, int offY, int ldy);

    void softmaxBackward(int m, int n, float[] y, int offY, float[] dy, int offDy, float[] dx, int offDx);

    void logSumExp(int m, int n, float[] x, int offX, int ldx, float[] out, int offOut);

    double crossEntropy(int m, int n, float[] logits, int offLogits, int ldLogits, int[] labels, int offLabels,
                        float[] grad, int offGrad, int ldGrad);

    // Losses and masks (Losses, Masks)

    double meanSquaredError(int n, float[] output, int offOutput, float[] target, int offTarget,
                            float[] grad, int offGrad);

    double multiclassHinge(int m, int n, float margin, float[] scores, int offScores, int[] labels, int offLabels,
                           float[] grad, int offGrad);

    void dropoutMask(int n, float p, long seed, float[] mask, int offMask);

    // Batch normalization (Normalization), dense [batch, channels, length]

    void batchNormInference(int batch, int channels, int length, float eps, float[] x, int offX,
                            float[] gamma, int offGamma, float[] beta, int offBeta,
                            float[] mean, int offMean, float[] var, int offVar, float[] y, int offY);

    void batchNormTraining(int batch, int channels, int length, float eps, float momentum, float[] x, int offX,
                           float[] gamma, int offGamma, float[] beta, int offBeta,
                           float[] runningMean, int offRunningMean, float[] runningVar, int offRunningVar,
                           float[] invStd, int offInvStd, float[] xhat, int offXhat, float[] y, int offY);

    void batchNormBackward(int batch, int channels, int length, float[] dy, int offDy, float[] xhat, int offXhat,
                           float[] gamma, int offGamma, float[] invStd, int offInvStd,
                           float[] dx, int offDx, float[] dGamma, int offDGamma, float[] dBeta, int offDBeta);

    // Optimizer updates (OptimizerUpdates)

    void sgd(int threads, int n, float learningRate, float weightDecay, float[] w, int offW, float[] g, int offG,
             float[] out, int offOut);

    void sgdMomentum(int threads, int n, float learningRate, float momentum, float weightDecay, boolean nesterov,
                     float[] w, int offW, float[] g, int offG, float[] v, int offV, float[] out, int offOut);

    void adam(int threads, int n, float learningRate, float beta1, float beta2, float epsilon, float weightDecay, long step,
              float[] w, int offW, float[] g, int offG, float[] m, int offM, float[] v, int offV,
              float[] out, int offOut);

    // Conv1d (Conv1dKernels)

    void conv1dForward(int threads, Conv1dGeometry g, float[] x, int offX, float[] w, int offW, float[] bias, int offBias,
                       float[] y, int offY);

    void conv1dBackwardInput(int threads, Conv1dGeometry g, float[] dy, int offDy, float[] w, int offW, float[] dx, int offDx);

    void conv1dBackwardWeight(int threads, Conv1dGeometry g, float[] x, int offX, float[] dy, int offDy, float[] dw, int offDw);

    void conv1dBackwardBias(Conv1dGeometry g, float[] dy, int offDy, float[] db, int offDb);
}
