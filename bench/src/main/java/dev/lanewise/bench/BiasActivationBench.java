package dev.lanewise.bench;

import dev.lanewise.kernels.Activation;
import dev.lanewise.kernels.BiasActivation;
import dev.lanewise.kernels.ops.KernelProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.Map;

/** Y = act(Z + b) over an m×n matrix, vector kernel versus scalar reference. Z is not mutated (Y is separate). */
public class BiasActivationBench extends KernelBench {

    @Param({"256x512", "4096x1024"})
    public String shape;

    @Param({"RELU", "IDENTITY"})
    public Activation act;

    @Param
    public Impl impl;

    private int m;
    private int n;
    private boolean scalar;
    private float[] z;
    private float[] bias;
    private float[] y;

    @Setup
    public void setUp() {
        MatrixShape dims = MatrixShape.parse(shape);
        m = dims.m();
        n = dims.n();
        scalar = impl == Impl.SCALAR;
        z = BenchData.uniform(1, m * n, -1, 1);
        bias = BenchData.uniform(2, n, -1, 1);
        y = new float[m * n];
    }

    @Benchmark
    public float[] forward() {
        if (scalar) {
            KernelProvider.reference().biasActivation(act, m, n, z, 0, n, bias, 0, y, 0, n);
        } else {
            BiasActivation.forward(act, m, n, z, 0, n, bias, 0, y, 0, n);
        }
        return y;
    }

    /** Elements of the m×n matrix. */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.elements(MatrixShape.parse(params.get("shape")).elements());
    }
}
