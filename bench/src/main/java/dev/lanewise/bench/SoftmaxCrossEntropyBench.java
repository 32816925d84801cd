package dev.lanewise.bench;

import dev.lanewise.kernels.SoftmaxKernels;
import dev.lanewise.kernels.ops.KernelProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Map;

/** Fused softmax-cross-entropy loss and gradient over m rows of n classes; logits are not mutated. */
public class SoftmaxCrossEntropyBench extends KernelBench {

    @Param({"256x10", "4096x10", "4096x1000"})
    public String shape;

    @Param
    public Impl impl;

    private int m;
    private int n;
    private boolean scalar;
    private float[] logits;
    private int[] labels;
    private float[] grad;

    @Setup
    public void setUp() {
        MatrixShape dims = MatrixShape.parse(shape);
        m = dims.m();
        n = dims.n();
        scalar = impl == Impl.SCALAR;
        logits = BenchData.uniform(1, m * n, -5, 5);
        labels = BenchData.labels(2, m, n);
        grad = new float[m * n];
    }

    @Benchmark
    public double lossAndGradient(Blackhole bh) {
        bh.consume(grad);
        return scalar
                ? KernelProvider.reference().crossEntropy(m, n, logits, 0, n, labels, 0, grad, 0, n)
                : SoftmaxKernels.crossEntropy(m, n, logits, 0, n, labels, 0, grad, 0, n);
    }

    /** Elements of the m×n logits. */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.elements(MatrixShape.parse(params.get("shape")).elements());
    }
}
