package dev.lanewise.bench;

import dev.lanewise.kernels.Activations;
import dev.lanewise.kernels.ops.KernelProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.Map;

/** Sigmoid and tanh forward/backward over n floats; the scalar references compute in double. */
public class SigmoidTanhBench extends KernelBench {

    @Param({"1024", "65536", "1048576"})
    public int n;

    @Param
    public Impl impl;

    private boolean scalar;
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] dx;

    @Setup
    public void setUp() {
        scalar = impl == Impl.SCALAR;
        x = BenchData.uniform(1, n, -8, 8);
        y = BenchData.uniform(2, n, 0, 1);
        dy = BenchData.uniform(3, n, -1, 1);
        dx = new float[n];
    }

    @Benchmark
    public float[] sigmoid() {
        if (scalar) {
            KernelProvider.reference().sigmoid(n, x, 0, dx, 0);
        } else {
            Activations.sigmoid(n, x, 0, dx, 0);
        }
        return dx;
    }

    @Benchmark
    public float[] tanh() {
        if (scalar) {
            KernelProvider.reference().tanh(n, x, 0, dx, 0);
        } else {
            Activations.tanh(n, x, 0, dx, 0);
        }
        return dx;
    }

    @Benchmark
    public float[] sigmoidBackward() {
        if (scalar) {
            KernelProvider.reference().sigmoidBackward(n, y, 0, dy, 0, dx, 0);
        } else {
            Activations.sigmoidBackward(n, y, 0, dy, 0, dx, 0);
        }
        return dx;
    }

    @Benchmark
    public float[] tanhBackward() {
        if (scalar) {
            KernelProvider.reference().tanhBackward(n, y, 0, dy, 0, dx, 0);
        } else {
            Activations.tanhBackward(n, y, 0, dy, 0, dx, 0);
        }
        return dx;
    }

    @Benchmark
    public float[] reluBackward() {
        if (scalar) {
            KernelProvider.reference().reluBackward(n, dy, 0, x, 0, dx, 0);
        } else {
            Activations.reluBackward(n, dy, 0, x, 0, dx, 0);
        }
        return dx;
    }

    /** n elements. */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.elements(Double.parseDouble(params.get("n")));
    }
}
