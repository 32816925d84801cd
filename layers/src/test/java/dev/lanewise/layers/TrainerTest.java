package dev.lanewise.layers;

import java.util.IdentityHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {

    private static Dataset blobs(long seed, int n) {
        return blobs(seed, n, 16);
    }

    /** Three Gaussian blobs in {@code dim} dimensions, classes by blob. */
    private static Dataset blobs(long seed, int n, int dim) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(3);
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = (float) (rng.nextGaussian() * 0.8 + (d % 3 == y[i] ? 1.5 : 0));
            }
        }
        return Dataset.of(Tensor.of(x, n, dim), y);
    }

    /**
     * Batch 256 × 256 inputs × 512 units: the first layer's GEMMs (forward, weight gradient) are 33.5 M
     * multiply-adds, above the packed GEMM's 2²³ parallel threshold, so with 2 threads they really split — and so
     * does the optimizer's update of its 131K weights (two parts from 64K floats).
     */
    private static Sequential deep() {
        return Sequential.of(Linear.create(256, 512, Init.heNormal(), 1), new BatchNorm(512), new ReLU(),
                new Dropout(0.2f), Linear.create(512, 32, Init.heNormal(), 2), new ReLU(),
                Linear.create(32, 3, Init.heNormal(), 3));
    }

    private static TrainConfig config(int threads, Optimizer optimizer) {
        return TrainConfig.builder().loss(new SoftmaxCrossEntropy()).optimizer(optimizer)
                .batchSize(256).epochs(3).seed(42).threads(threads).learningRateDecay(0.9f).build();
    }

    private static List<Object> fingerprint(History h) {
        List<Object> f = new ArrayList<>();
        for (EpochStats s : h.epochs()) {
            f.add(List.of(s.trainLoss(), s.trainAccuracy(), s.validationLoss(), s.validationAccuracy()));
        }
        h.finalModel().parameters().forEach(t -> f.add(java.util.Arrays.toString(t.toArray())));
        h.finalModel().layers().get(1).buffers().forEach(t -> f.add(java.util.Arrays.toString(t.toArray())));
        return f;
    }

    @Test
    void seededTrainingIsBitIdenticalAcrossRunsAndThreadCounts() {
        Dataset train = blobs(1, 1000, 256), val = blobs(2, 200, 256);
        // Widths large enough that the GEMMs of the backward pass run in parallel with 2 threads.
        History a = Trainer.fit(deep(), train, val, config(1, Sgd.builder().learningRate(0.05f).momentum(0.9f).build()));
        History b = Trainer.fit(deep(), train, val, config(1, Sgd.builder().learningRate(0.05f).momentum(0.9f).build()));
        History c = Trainer.fit(deep(), train, val, config(2, Sgd.builder().learningRate(0.05f).momentum(0.9f).build()));
        assertThat(fingerprint(a)).isEqualTo(fingerprint(b)).isEqualTo(fingerprint(c));
        History d = Trainer.fit(deep(), train, val, config(2, Adam.builder().learningRate(0.01f).build()));
        History e = Trainer.fit(deep(), train, val, config(1, Adam.builder().learningRate(0.01f).build()));
        assertThat(fingerprint(d)).isEqualTo(fingerprint(e));
        assertThat(a.epochs()).hasSize(3);
        assertThat(a.epochs().get(2).validationAccuracy()).isGreaterThan(0.9);
        assertThat(a.epochs().get(2).learningRate()).isEqualTo(0.05f * 0.9f * 0.9f);
    }

    @Test
    void aTwoLayerMlpLearnsXor() {
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        int[] y = {0, 1, 1, 0};
        Dataset xor = Dataset.of(Tensor.of(x, 4, 2), y);
        Sequential model = Sequential.of(Linear.create(2, 8, Init.heNormal(), 7), new Tanh(),
                Linear.create(8, 2, Init.heNormal(), 8));
        History h = Trainer.fit(model, xor, xor, TrainConfig.builder().loss(new SoftmaxCrossEntropy())
                .optimizer(Sgd.builder().learningRate(0.5f).momentum(0.9f).build())
                .batchSize(4).epochs(300).seed(1).threads(1).build());
        EpochStats last = h.epochs().get(h.epochs().size() - 1);
        assertThat(last.validationAccuracy()).isEqualTo(1.0);
        assertThat(last.validationLoss()).isLessThan(0.05);
        assertThat(Trainer.predictions(h.bestModel().apply(Tensor.of(x, 4, 2)))).containsExactly(0, 1, 1, 0);
    }

    @Test
    void anMlpFitsASine() {
        int n = 256;
        float[] x = new float[n], t = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (-Math.PI + 2 * Math.PI * i / (n - 1));
            t[i] = (float) Math.sin(x[i]);
        }
        Dataset data = Dataset.of(Tensor.of(x, n, 1), Tensor.of(t, n, 1));
        Sequential model = Sequential.of(Linear.create(1, 32, Init.xavierUniform(), 3), new Tanh(),
                Linear.create(32, 32, Init.xavierUniform(), 4), new Tanh(), Linear.create(32, 1, Init.xavierUniform(), 5));
        double initial = Trainer.evaluate(model, data, new MeanSquaredError(), 64, 1).loss();
        History h = Trainer.fit(model, data, data, TrainConfig.builder().loss(new MeanSquaredError())
                .optimizer(Adam.builder().learningRate(0.01f).build()).batchSize(32).epochs(150).seed(5).threads(1).build());
        double fitted = Trainer.evaluate(h.bestModel(), data, new MeanSquaredError(), 64, 1).loss();
        assertThat(initial).isGreaterThan(0.1);
        assertThat(fitted).isLessThan(1e-3);
        assertThat(h.epochs().get(0).trainAccuracy()).isNaN();
    }

    @Test
    void lossAndDatasetKindsMustMatch() {
        Dataset regression = Dataset.of(Tensor.zeros(4, 2), Tensor.zeros(4, 1));
        assertThatThrownBy(() -> Trainer.fit(Sequential.of(Linear.create(2, 1, Init.zeros(), 0)), regression, regression,
                TrainConfig.builder().loss(new SoftmaxCrossEntropy()).optimizer(Sgd.builder().build()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SoftmaxCrossEntropy");
    }

    @Test
    void batchesCoverEverySampleOnceWithTheLastPartial() {
        Dataset d = blobs(3, 70);
        List<Batch> batches = d.batches(32, 9L);
        assertThat(batches).extracting(Batch::size).containsExactly(32, 32, 6);
        assertThat(d.batches(32, 9L).get(0).inputs()).isEqualTo(batches.get(0).inputs());
        assertThat(d.batches(32, 10L).get(0).inputs()).isNotEqualTo(batches.get(0).inputs());
        java.util.Set<String> rows = new java.util.HashSet<>();
        for (Batch b : batches) {
            float[] v = b.inputs().toArray();
            for (int i = 0; i < b.size(); i++) {
                rows.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(v, i * 16, i * 16 + 16)));
            }
        }
        assertThat(rows).hasSize(70);
    }

    @Test
    void trainingStepReusingScratchEqualsTheExplicitLoop() {
        Dataset data = blobs(4, 150);
        Sequential explicit = deep16(), reused = explicit;
        Optimizer a = Adam.builder().learningRate(0.01f).build(), b = a.fresh();
        TrainingStep step = new TrainingStep(new SoftmaxCrossEntropy(), b, 1);
        long seed = 100;
        for (int epoch = 0; epoch < 2; epoch++) {
            for (Batch batch : data.batches(64, epoch)) {   // 64, 64, 22: the partial batch changes array sizes
                ForwardPass pass = explicit.forward(batch.inputs(), seed, 1);
                LossValue loss = new SoftmaxCrossEntropy().evaluate(pass.output(), batch.labels());
                explicit = a.step(explicit, pass.backward(loss.gradient()));
                TrainingStep.Result r = step.run(reused, batch, seed, 1f);
                reused = r.model();
                assertThat(r.loss()).isEqualTo(loss.value());
                seed++;
            }
        }
        assertThat(reused.parameters()).isEqualTo(explicit.parameters());
        assertThat(reused.layers().get(1).buffers()).isEqualTo(explicit.layers().get(1).buffers());
    }

    @Test
    void advancingRecyclesOnlyModelsNobodyHoldsAndEqualsRun() {
        Dataset data = blobs(5, 150);
        Sequential m0 = deep16(), viaRun = m0;
        Optimizer a = Sgd.builder().learningRate(0.05f).momentum(0.9f).weightDecay(1e-3f).build(), b = a.fresh();
        TrainingStep run = new TrainingStep(new SoftmaxCrossEntropy(), a, 1);
        TrainingStep advancing = new TrainingStep(new SoftmaxCrossEntropy(), b, 1);
        advancing.start(m0);
        int params = m0.parameters().size();
        Map<Sequential, List<String>> handedOut = new IdentityHashMap<>();
        handedOut.put(m0, snapshot(m0));
        long seed = 7;
        int steps = 0;
        for (int epoch = 0; epoch < 3; epoch++) {
            for (Batch batch : data.batches(64, epoch)) {   // 64, 64, 22
                TrainingStep.Result r = run.run(viaRun, batch, seed, 0.9f);
                viaRun = r.model();
                TrainingStep.Outcome o = advancing.advance(batch, seed, 0.9f);
                assertThat(o.loss()).isEqualTo(r.loss());
                assertThat(o.correct()).isEqualTo(r.correct());
                steps++;
                // The model this step started from was the start model (step 1) or handed out after steps 4 and 8
                // (below), so it is never recycled; otherwise its arrays are now the spares of the next step.
                assertThat(advancing.spareArrays()).isEqualTo(steps == 1 || steps == 5 || steps == 9 ? 0 : params);
                if (steps == 4 || steps == 8) {
                    Sequential shared = advancing.current();
                    assertThat(shared.parameters()).isEqualTo(viaRun.parameters());
                    handedOut.put(shared, snapshot(shared));
                }
                seed++;
            }
        }
        assertThat(steps).isEqualTo(9);
        assertThat(advancing.current().parameters()).isEqualTo(viaRun.parameters());
        assertThat(advancing.current().layers().get(1).buffers()).isEqualTo(viaRun.layers().get(1).buffers());
        handedOut.forEach((model, before) -> assertThat(snapshot(model)).isEqualTo(before));
    }

    @Test
    void advancingAConvolutionModelEqualsRun() {
        // Conv1d's weight and bias gradients land in recycled arrays that still hold old parameters: the kernels
        // must overwrite them, never accumulate.
        Dataset flat = blobs(11, 150);
        Dataset data = Dataset.of(Tensor.of(flat.inputs().toArray(), 150, 2, 8), flat.labels());
        Sequential m0 = Sequential.of(Conv1d.create(2, 3, 3, 1, Init.heNormal(), 4), new ReLU(), new Flatten(),
                Linear.create(24, 3, Init.heNormal(), 5));
        Optimizer a = Adam.builder().learningRate(0.01f).build(), b = a.fresh();
        TrainingStep run = new TrainingStep(new SoftmaxCrossEntropy(), a, 1);
        TrainingStep advancing = new TrainingStep(new SoftmaxCrossEntropy(), b, 1);
        advancing.start(m0);
        Sequential viaRun = m0;
        for (int epoch = 0; epoch < 3; epoch++) {
            for (Batch batch : data.batches(64, epoch)) {
                viaRun = run.run(viaRun, batch, epoch, 1f).model();
                advancing.advance(batch, epoch, 1f);
            }
        }
        assertThat(advancing.current().parameters()).isEqualTo(viaRun.parameters());
    }

    @Test
    void aUserOptimizerMayKeepTheModelsItSteps() {
        // An optimizer of the user's could keep the models it is given (say, for weight averaging), so with one
        // the step never recycles their arrays.
        Optimizer sgd = Sgd.builder().learningRate(0.05f).momentum(0.9f).build();
        Map<Sequential, List<String>> seen = new IdentityHashMap<>();
        Optimizer keeping = new Optimizer() {
            @Override
            public Sequential step(Sequential model, Gradients gradients, float learningRateScale) {
                seen.put(model, snapshot(model));
                return sgd.step(model, gradients, learningRateScale);
            }

            @Override
            public Optimizer fresh() {
                return this;
            }

            @Override
            public OptimizerState state() {
                return sgd.state();
            }

            @Override
            public Optimizer withState(OptimizerState state) {
                return this;
            }

            @Override
            public float learningRate() {
                return sgd.learningRate();
            }
        };
        TrainingStep step = new TrainingStep(new SoftmaxCrossEntropy(), keeping, 1);
        step.start(deep16());
        Dataset data = blobs(8, 150);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (Batch batch : data.batches(64, epoch)) {
                step.advance(batch, epoch, 1f);
                assertThat(step.spareArrays()).isZero();
            }
        }
        assertThat(seen).hasSize(6);
        seen.forEach((model, before) -> assertThat(snapshot(model)).isEqualTo(before));
    }

    @Test
    void aUserLossMayKeepTheOutputsItIsGiven() {
        ClassificationLoss ce = new SoftmaxCrossEntropy();
        Map<Tensor, float[]> seen = new IdentityHashMap<>();
        ClassificationLoss keeping = new ClassificationLoss() {
            @Override
            public LossValue evaluate(Tensor output, int[] labels) {
                seen.put(output, output.toArray());
                return ce.evaluate(output, labels);
            }

            @Override
            public boolean classification() {
                return true;
            }
        };
        TrainConfig config = TrainConfig.builder().loss(keeping).optimizer(Sgd.builder().learningRate(0.05f).build())
                .batchSize(50).epochs(2).seed(5).build();
        Trainer.fit(deep16(), blobs(9, 150), blobs(10, 0), config);
        assertThat(seen).hasSize(6);
        seen.forEach((output, before) -> assertThat(output.toArray()).isEqualTo(before));
    }

    @Test
    void modelsHandedOutByFitNeverChangeAfterwards() {
        Dataset train = blobs(6, 200), val = blobs(7, 60);
        Sequential m0 = deep16();
        List<String> start = snapshot(m0);
        Map<Sequential, List<String>> seen = new IdentityHashMap<>();
        TrainConfig config = TrainConfig.builder().loss(new SoftmaxCrossEntropy())
                .optimizer(Sgd.builder().learningRate(0.05f).momentum(0.9f).build()).batchSize(32).epochs(4).seed(3)
                .listener((stats, model) -> seen.put(model, snapshot(model))).build();
        History h = Trainer.fit(m0, train, val, config);
        assertThat(seen).hasSize(4);
        seen.forEach((model, before) -> assertThat(snapshot(model)).isEqualTo(before));
        assertThat(seen).containsKey(h.bestModel()).containsKey(h.finalModel());
        assertThat(snapshot(m0)).isEqualTo(start);
    }

    /** Parameter and buffer values of a model, as text (a copy that later writes to the arrays cannot change). */
    private static List<String> snapshot(Sequential model) {
        List<String> s = new ArrayList<>();
        model.parameters().forEach(t -> s.add(java.util.Arrays.toString(t.toArray())));
        model.layers().forEach(l -> l.buffers().forEach(t -> s.add(java.util.Arrays.toString(t.toArray()))));
        return s;
    }

    private static Sequential deep16() {
        return Sequential.of(Linear.create(16, 24, Init.heNormal(), 1), new BatchNorm(24), new ReLU(),
                new Dropout(0.2f), Linear.create(24, 12, Init.heNormal(), 2), new Tanh(),
                Linear.create(12, 3, Init.heNormal(), 3));
    }
}
