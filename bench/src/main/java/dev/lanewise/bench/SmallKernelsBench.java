package dev.lanewise.bench;

import dev.lanewise.kernels.Blas1;
import dev.lanewise.kernels.MatrixReductions;
import dev.lanewise.kernels.OptimizerUpdates;
import dev.lanewise.kernels.ops.KernelProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.Map;

/**
 * The small training kernels over n floats (column sums over an (n/256)×256 matrix, argmax over n/10 rows of
 * 10). In-place kernels are given values that stay in range however often they run: scale multiplies by −1,
 * axpy adds 1e-7·x, and the optimizer states converge; so no denormals or overflow creep in.
 */
public class SmallKernelsBench extends KernelBench {

    @Param({"4096", "1048576"})
    public int n;

    @Param
    public Impl impl;

    private boolean scalar;
    private float[] x;
    private float[] y;
    private float[] w;
    private float[] g;
    private float[] m1;
    private float[] v;
    private float[] sums;
    private int[] argmax;

    @Setup
    public void setUp() {
        scalar = impl == Impl.SCALAR;
        x = BenchData.uniform(1, n, -1, 1);
        y = BenchData.uniform(2, n, -1, 1);
        w = BenchData.uniform(3, n, -1, 1);
        g = BenchData.uniform(4, n, -1, 1);
        m1 = new float[n];
        v = new float[n];
        sums = new float[256];
        argmax = new int[n / 10];
    }

    @Benchmark
    public float[] axpy() {
        if (scalar) {
            KernelProvider.reference().axpy(n, 1e-7f, x, 0, y, 0);
        } else {
            Blas1.axpy(n, 1e-7f, x, 0, y, 0);
        }
        return y;
    }

    @Benchmark
    public float[] scale() {
        if (scalar) {
            KernelProvider.reference().scale(n, -1f, y, 0);
        } else {
            Blas1.scale(n, -1f, y, 0);
        }
        return y;
    }

    @Benchmark
    public double squaredNorm() {
        return scalar ? KernelProvider.reference().squaredNorm(n, x, 0) : Blas1.squaredNorm(n, x, 0);
    }

    @Benchmark
    public float[] columnSums() {
        if (scalar) {
            KernelProvider.reference().columnSums(n / 256, 256, x, 0, 256, sums, 0);
        } else {
            MatrixReductions.columnSums(n / 256, 256, x, 0, 256, sums, 0);
        }
        return sums;
    }

    @Benchmark
    public int[] rowArgmax() {
        if (scalar) {
            KernelProvider.reference().rowArgmax(n / 10, 10, x, 0, 10, argmax, 0);
        } else {
            MatrixReductions.rowArgmax(n / 10, 10, x, 0, 10, argmax, 0);
        }
        return argmax;
    }

    @Benchmark
    public float[] sgdMomentum() {
        if (scalar) {
            KernelProvider.reference().sgdMomentum(1, n, 1e-6f, 0.9f, 1e-4f, false, w, 0, g, 0, v, 0, w, 0);
        } else {
            OptimizerUpdates.sgdMomentum(n, 1e-6f, 0.9f, 1e-4f, false, w, 0, g, 0, v, 0);
        }
        return w;
    }

    @Benchmark
    public float[] adam() {
        if (scalar) {
            KernelProvider.reference().adam(1, n, 1e-6f, 0.9f, 0.999f, 1e-8f, 0f, 10, w, 0, g, 0, m1, 0, v, 0, w, 0);
        } else {
            OptimizerUpdates.adam(n, 1e-6f, 0.9f, 0.999f, 1e-8f, 0f, 10, w, 0, g, 0, m1, 0, v, 0);
        }
        return w;
    }

    /** n elements. */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.elements(Double.parseDouble(params.get("n")));
    }
}
