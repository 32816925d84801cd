package dev.lanewise.bench;

import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;

/**
 * Batch inference of a ReLU MLP at one thread: lanewise {@code Sequential.apply} against ONNX Runtime running the
 * same weights ({@link OrtMlp}: fused Gemm+Relu, input and output tensors made once). Before timing, the two
 * outputs are checked against each other. Where ONNX Runtime's natives cannot load, the launcher drops its rows
 * with one line. {@code latency} samples single calls — lanewise's service path {@code predict(samples, batch,
 * out, threads)} at one thread, as ONNX Runtime's one intra-op thread — for the p50/p99 columns; the launcher's
 * allocation profiler gives bytes per call.
 */
public class InferenceBench extends KernelBench {

    @Param({"784-300-10", "784-512-256-10"})
    public String arch;

    @Param({"1", "8", "64"})
    public int batch;

    @Param
    public InferenceRuntime runtime;

    private Sequential model;
    private Tensor input;
    private float[] samples;
    private float[] out;
    private OrtMlp ort;

    @Setup
    public void setUp() throws Exception {
        MlpShape shape = MlpShape.parse(arch + ":" + batch);
        model = shape.model();
        int in = shape.widths()[0], out = shape.widths()[shape.layers()];
        float[] x = BenchData.uniform(3, batch * in, 0, 1);
        input = Tensor.of(x, batch, in);
        samples = x;
        this.out = new float[batch * out];
        if (runtime == InferenceRuntime.ONNXRUNTIME) {
            ort = new OrtMlp(model, x, batch, in, out);
            ort.run();
            requireClose(model.apply(input, 1).toArray(), ort.result(), shape);
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        if (ort != null) {
            ort.close();
            ort = null;
        }
    }

    @Benchmark
    public Object infer() throws Exception {
        if (ort != null) {
            ort.run();
            return ort;
        }
        return model.apply(input, 1);
    }

    /** One call's latency, sampled: lanewise's allocation-free {@code predict} path, or ONNX Runtime's run. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public Object latency() throws Exception {
        if (ort != null) {
            ort.run();
            return ort;
        }
        model.predict(samples, batch, out, 1);
        return out;
    }

    /**
     * Both runtimes compute the same float32 network in different orders: every output within
     * {@code 4·(Σ widths)·eps·(1 + |y|)} of the other, far below the O(1) error of a wrong layout.
     */
    static void requireClose(float[] lanewise, float[] peer, MlpShape shape) {
        int sum = java.util.Arrays.stream(shape.widths()).sum();
        for (int i = 0; i < lanewise.length; i++) {
            double bound = 4.0 * sum * Math.ulp(1f) * (1 + Math.abs(lanewise[i]));
            if (!(Math.abs(lanewise[i] - peer[i]) <= bound)) {
                throw new IllegalStateException("ONNX Runtime output " + i + " = " + peer[i] + ", lanewise "
                        + lanewise[i] + " (bound " + bound + ") for " + shape.widths().length + " widths "
                        + java.util.Arrays.toString(shape.widths()));
            }
        }
    }

    /** The forward products, 2·batch·Σ in·out. */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.flops(MlpShape.parse(params.get("arch") + ":" + params.get("batch")).forwardFlops());
    }
}
