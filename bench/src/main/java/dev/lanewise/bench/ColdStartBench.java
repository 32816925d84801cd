package dev.lanewise.bench;

import dev.lanewise.layers.Dataset;
import dev.lanewise.layers.History;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Sgd;
import dev.lanewise.layers.SoftmaxCrossEntropy;
import dev.lanewise.layers.Tensor;
import dev.lanewise.layers.TrainConfig;
import dev.lanewise.layers.Trainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Training as a user meets it, from a cold JVM: one {@code Trainer.fit} epoch over an MNIST-sized synthetic dataset
 * (50,000 samples of 784 features, SGD lr 0.1, no momentum), in a fresh JVM per fork with the JVM's default flags.
 * {@code firstEpoch} is the first epoch of the process (JIT warm-up included); {@code firstEpochAfterWarmup} the same
 * after {@code dev.lanewise.kernels.Warmup} ran (unmeasured); {@code steadyEpoch} the fourth and fifth (three warm-up
 * epochs before); the ratios are the warm-up cost and what the kernels' warm-up takes off it. The launcher's {@link PeakRssProfiler} adds
 * the process's peak RSS. Every single shot is one epoch; data generation is setup, not measured. Quick mode skips
 * this suite when nothing is named: its iteration counts (which quick mode overrides) are what make a shot cold.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ColdStartBench {
    private static final int SAMPLES = 50_000;

    @Param("784-300-10:64")
    public String mlp;

    @Param("1")
    public int threads;

    private MlpShape s;
    private Dataset train;
    private Dataset none;
    private Sequential model;

    @Setup(Level.Trial)
    public void setUp() {
        s = MlpShape.parse(mlp);
        int in = s.widths()[0], classes = s.widths()[s.layers()];
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = (int) ((i * 2654435761L) % classes);
        }
        train = Dataset.of(Tensor.of(BenchData.uniform(3, SAMPLES * in, 0, 1), SAMPLES, in), labels);
        none = train.slice(0, 0);
        model = s.model();
    }

    private History epoch() {
        History h = Trainer.fit(model, train, none, TrainConfig.builder().loss(new SoftmaxCrossEntropy())
                .optimizer(Sgd.builder().learningRate(0.1f).build()).batchSize(s.batch()).epochs(1).seed(1)
                .threads(threads).build());
        model = h.finalModel();
        return h;
    }

    /** The first epoch of a fresh JVM. */
    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public History firstEpoch() {
        return epoch();
    }

    /**
     * The first epoch of a fresh JVM in which {@link Warmup#run()} ran first (in the trial setup, not measured): what
     * an application that starts the warm-up while it loads its data gets.
     */
    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public History firstEpochAfterWarmup(KernelWarmup warmedUp) {
        return epoch();
    }

    /** Runs the kernels' warm-up once per fork, before the trial. */
    @State(Scope.Benchmark)
    public static class KernelWarmup {
        @Setup(Level.Trial)
        public void warmUp() {
            dev.lanewise.kernels.Warmup.run();
        }
    }

    /** Epochs four and five of the same kind of JVM. */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 2)
    public History steadyEpoch() {
        return epoch();
    }

    /** Samples per epoch (rates in millions of samples per second). */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.elements(SAMPLES);
    }
}
