package dev.lanewise.bench;

import dev.lanewise.kernels.Gemm;
import dev.lanewise.kernels.GemmStrategy;
import dev.lanewise.layers.Batch;
import dev.lanewise.layers.Dataset;
import dev.lanewise.layers.ForwardPass;
import dev.lanewise.layers.LossValue;
import dev.lanewise.layers.Optimizer;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Sgd;
import dev.lanewise.layers.SoftmaxCrossEntropy;
import dev.lanewise.layers.Tensor;
import dev.lanewise.layers.TrainingStep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.Map;

/**
 * One full SGD training step of a ReLU MLP (forward, softmax-cross-entropy, backward without the input gradient,
 * momentum update into a new model) — as the trainer runs it ({@link TrainingStep#advance}, which recycles the
 * arrays of the models nobody holds), and through the public one-pass API — against the same step's GEMMs alone,
 * on the same shapes in the same run:
 * {@code (step − gemms) / step} is the share of the step that is not GEMM. Run with {@code -prof gc} for the
 * allocation per step.
 */
public class TrainStepBench extends KernelBench {

    @Param({"784-300-10:64", "784-512-256-10:256"})
    public String mlp;

    @Param("1")
    public int threads;

    private MlpShape s;
    private Sequential model;
    private Optimizer sgd;
    private TrainingStep trainingStep;
    private Batch batch;
    private Tensor x;
    private int[] labels;
    private float[][] weights;
    private float[][] activations;
    private float[][] grads;
    private float[][] weightGrads;

    @Setup
    public void setUp() {
        s = MlpShape.parse(mlp);
        model = s.model();
        sgd = Sgd.builder().learningRate(0f).momentum(0.9f).build();   // lr 0 as below: stepExplicit chains too
        x = Tensor.of(BenchData.uniform(7, s.batch() * s.widths()[0], 0, 1), s.batch(), s.widths()[0]);
        labels = new int[s.batch()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % s.widths()[s.layers()];
        }
        batch = Dataset.of(x, labels).batches(s.batch()).get(0);
        // Learning rate 0: the chained steps keep the weights (every step still does all the work, lr is a factor),
        // so the measurement cannot drift with training (e.g. into subnormal gradients on a memorized batch).
        trainingStep = new TrainingStep(new SoftmaxCrossEntropy(), Sgd.builder().learningRate(0f).momentum(0.9f).build(),
                threads);
        trainingStep.start(model);
        weights = new float[s.layers()][];
        weightGrads = new float[s.layers()][];
        activations = new float[s.layers() + 1][];
        grads = new float[s.layers() + 1][];
        activations[0] = x.toArray();
        for (int l = 0; l < s.layers(); l++) {
            weights[l] = BenchData.uniform(l, s.widths()[l] * s.widths()[l + 1], -0.1f, 0.1f);
            weightGrads[l] = new float[weights[l].length];
            activations[l + 1] = new float[s.batch() * s.widths()[l + 1]];
            grads[l + 1] = BenchData.uniform(20 + l, s.batch() * s.widths()[l + 1], -1, 1);
        }
        grads[0] = new float[s.batch() * s.widths()[0]];
    }

    /** The whole step as {@code Trainer.fit} runs it ({@link TrainingStep#advance}, chained step after step). */
    @Benchmark
    public TrainingStep.Outcome step() {
        return trainingStep.advance(batch, 1L, 1f);
    }

    /** The same step through the public one-pass API (fresh activation arrays every step). */
    @Benchmark
    public Sequential stepExplicit() {
        ForwardPass pass = model.forward(x, 1L, threads);
        LossValue loss = new SoftmaxCrossEntropy().evaluate(pass.output(), labels);
        model = sgd.step(model, pass.backward(loss.gradient(), false));   // the step continues the model it made
        return model;
    }

    /** Only the GEMMs of the step (same shapes, transposes and thread count), on preallocated arrays. */
    @Benchmark
    public float[][] gemms() {
        int b = s.batch();
        for (int l = 0; l < s.layers(); l++) {
            int in = s.widths()[l], out = s.widths()[l + 1];
            Gemm.sgemm(GemmStrategy.AUTO, threads, false, true, b, out, in,
                    1f, activations[l], 0, in, weights[l], 0, in, 0f, activations[l + 1], 0, out);
        }
        for (int l = s.layers() - 1; l >= 0; l--) {
            int in = s.widths()[l], out = s.widths()[l + 1];
            Gemm.sgemm(GemmStrategy.AUTO, threads, true, false, out, in, b,
                    1f, grads[l + 1], 0, out, activations[l], 0, in, 0f, weightGrads[l], 0, in);
            if (l > 0) {
                Gemm.sgemm(GemmStrategy.AUTO, threads, false, false, b, in, out,
                        1f, grads[l + 1], 0, out, weights[l], 0, in, 0f, grads[l], 0, in);
            }
        }
        return weightGrads;
    }

    /** The step's GEMM flops (forward, weight and input gradients): the same count for all three methods. */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.flops(MlpShape.parse(params.get("mlp")).stepFlops());
    }
}
