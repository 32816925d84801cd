package dev.lanewise.bench;

import dev.lanewise.kernels.Conv1dGeometry;
import dev.lanewise.kernels.Conv1dKernels;
import dev.lanewise.kernels.ops.KernelProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.Map;

/**
 * Conv1d N=32, Cin=16, Cout=32, L=512, K=5, padding 2 (Lout = 512): forward, and forward plus the three
 * backward passes, im2col + GEMM versus the direct nested loops.
 */
public class Conv1dBench extends KernelBench {

    @Param({"32x16x512:32x5:s1p2d1"})
    public String geometry;

    @Param
    public Impl impl;

    /** Threads the vector kernels may use (the scalar reference runs on one). */
    @Param({"1", "2"})
    public int threads;

    private Conv1dGeometry g;
    private boolean scalar;
    private float[] x;
    private float[] w;
    private float[] bias;
    private float[] y;
    private float[] dy;
    private float[] dx;
    private float[] dw;
    private float[] db;

    @Setup
    public void setUp() {
        g = ConvShape.parse(geometry);
        scalar = impl == Impl.SCALAR;
        x = BenchData.uniform(1, g.inputSize(), -1, 1);
        w = BenchData.uniform(2, g.weightSize(), -1, 1);
        bias = BenchData.uniform(3, g.outChannels(), -1, 1);
        dy = BenchData.uniform(4, g.outputSize(), -1, 1);
        y = new float[g.outputSize()];
        dx = new float[g.inputSize()];
        dw = new float[g.weightSize()];
        db = new float[g.outChannels()];
    }

    @Benchmark
    public float[] forward() {
        if (scalar) {
            KernelProvider.reference().conv1dForward(1, g, x, 0, w, 0, bias, 0, y, 0);
        } else {
            Conv1dKernels.forward(threads, g, x, 0, w, 0, bias, 0, y, 0);
        }
        return y;
    }

    @Benchmark
    public float[] forwardBackward() {
        if (scalar) {
            KernelProvider.reference().conv1dForward(1, g, x, 0, w, 0, bias, 0, y, 0);
            KernelProvider.reference().conv1dBackwardInput(1, g, dy, 0, w, 0, dx, 0);
            KernelProvider.reference().conv1dBackwardWeight(1, g, x, 0, dy, 0, dw, 0);
            KernelProvider.reference().conv1dBackwardBias(g, dy, 0, db, 0);
        } else {
            Conv1dKernels.forward(threads, g, x, 0, w, 0, bias, 0, y, 0);
            Conv1dKernels.backwardInput(threads, g, dy, 0, w, 0, dx, 0);
            Conv1dKernels.backwardWeight(threads, g, x, 0, dy, 0, dw, 0);
            Conv1dKernels.backwardBias(g, dy, 0, db, 0);
        }
        return dw;
    }

    /** 2·N·Cout·Cin·K·Lout for the forward pass; the backward passes are two GEMMs of the same size. */
    static Workload workload(String method, Map<String, String> params) {
        double forward = ConvShape.forwardFlops(ConvShape.parse(params.get("geometry")));
        return Workload.flops(method.equals("forwardBackward") ? 3 * forward : forward);
    }
}
