package dev.lanewise.bench;

import dev.lanewise.kernels.Activation;
import dev.lanewise.kernels.BiasActivation;
import dev.lanewise.kernels.Gemm;
import dev.lanewise.kernels.GemmStrategy;
import dev.lanewise.layers.Init;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.ReLU;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.Map;

/**
 * Inference through a Linear + ReLU layer ({@code apply}: GEMM then the fused bias+ReLU pass, allocating the
 * output) against the same two kernel calls on preallocated arrays: the cost of the layer abstraction.
 * Shape "batch x in x out".
 */
public class LinearLayerBench extends KernelBench {

    @Param({"64x784x300", "256x784x512"})
    public String shape;

    @Param("1")
    public int threads;

    private int batch;
    private int in;
    private int out;
    private Sequential layer;
    private Tensor x;
    private float[] xs;
    private float[] w;
    private float[] bias;
    private float[] y;

    @Setup
    public void setUp() {
        String[] p = shape.split("x");
        batch = Integer.parseInt(p[0]);
        in = Integer.parseInt(p[1]);
        out = Integer.parseInt(p[2]);
        Linear linear = Linear.create(in, out, Init.heNormal(), 1);
        layer = Sequential.of(linear, new ReLU());
        xs = BenchData.uniform(2, batch * in, -1, 1);
        x = Tensor.of(xs, batch, in);
        w = linear.weight().toArray();
        bias = linear.bias().toArray();
        y = new float[batch * out];
    }

    @Benchmark
    public Tensor layer() {
        return layer.apply(x, threads);
    }

    @Benchmark
    public float[] kernels() {
        Gemm.sgemm(GemmStrategy.AUTO, threads, false, true, batch, out, in, 1f, xs, 0, in, w, 0, in, 0f, y, 0, out);
        BiasActivation.forward(Activation.RELU, batch, out, y, 0, out, bias, 0, y, 0, out);
        return y;
    }

    /** The layer's GEMM, 2·batch·in·out. */
    static Workload workload(String method, Map<String, String> params) {
        String[] p = params.get("shape").split("x");
        return Workload.flops(2.0 * Double.parseDouble(p[0]) * Double.parseDouble(p[1]) * Double.parseDouble(p[2]));
    }
}
