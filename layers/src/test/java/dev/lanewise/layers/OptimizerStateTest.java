package dev.lanewise.layers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Optimizer state is a value keyed by parameter name, belongs to the model the optimizer returned last, carries
 * over only on purpose ({@code withState}), and resumes training from a checkpoint bit for bit.
 */
class OptimizerStateTest {
    private static final Dataset DATA = Dataset.of(TestData.uniform(11, -1, 1, 96, 6), TestData.labels(12, 96, 3));

    private static Sequential model(long seed) {
        return Sequential.of(Linear.create(6, 8, Init.heNormal(), seed), new BatchNorm(8), new ReLU(),
                new Dropout(0.1f), Linear.create(8, 3, Init.heNormal(), seed + 1));
    }

    private static Gradients gradients(Sequential model) {
        Batch b = DATA.batches(32).get(0);
        ForwardPass pass = model.forward(b.inputs());
        return pass.backward(new SoftmaxCrossEntropy().evaluate(pass.output(), b).gradient());
    }

    @Test
    void stateIsKeyedByParameterNameWithPyTorchSlotNames() {
        Sequential m = model(1);
        Sgd sgd = Sgd.builder().learningRate(0.1f).momentum(0.9f).build();
        assertThat(sgd.state()).isEqualTo(OptimizerState.empty("Sgd"));
        sgd.step(m, gradients(m));
        OptimizerState s = sgd.state();
        assertThat(s.optimizer()).isEqualTo("Sgd");
        assertThat(s.steps()).isEqualTo(1);
        assertThat(s.slots().keySet()).containsExactly("0.bias.momentum_buffer", "0.weight.momentum_buffer",
                "1.bias.momentum_buffer", "1.weight.momentum_buffer", "4.bias.momentum_buffer",
                "4.weight.momentum_buffer");
        // After one step from zero velocity, the buffer is the (decay-free) gradient itself.
        assertThat(s.slots().get("4.weight.momentum_buffer").toArray()).containsExactly(
                gradients(m).layer(4).get(0).toArray());
        Adam adam = Adam.builder().build();
        adam.step(m, gradients(m));
        assertThat(adam.state().slots().keySet()).contains("0.weight.exp_avg", "0.weight.exp_avg_sq")
                .hasSize(12);
    }

    /** At momentum 0 there is no velocity to keep (PyTorch keeps no buffer then): the state has steps, no slots. */
    @Test
    void plainSgdKeepsNoState() {
        Sequential m = model(1);
        Sgd plain = Sgd.builder().learningRate(0.1f).build();
        plain.step(m, gradients(m));
        assertThat(plain.state().slots()).isEmpty();
        assertThat(plain.state().steps()).isEqualTo(1);
        Sgd withMomentum = Sgd.builder().learningRate(0.1f).momentum(0.9f).build();
        withMomentum.step(m, gradients(m));
        assertThatThrownBy(() -> plain.withState(withMomentum.state()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Sgd keeps [] per parameter");
    }

    @Test
    void theStateIsACopy() {
        Sequential m = model(1);
        Sgd sgd = Sgd.builder().learningRate(0.1f).momentum(0.9f).build();
        Sequential next = sgd.step(m, gradients(m));
        OptimizerState before = sgd.state();
        float[] kept = before.slots().get("0.weight.momentum_buffer").toArray();
        sgd.step(next, gradients(next));
        assertThat(before.slots().get("0.weight.momentum_buffer").toArray()).containsExactly(kept);
        assertThat(before.steps()).isEqualTo(1);
    }

    /** The bug this replaces: momentum of one model silently applied to another of the same shapes. */
    @Test
    void steppingAnotherModelOfTheSameShapesFails() {
        Sequential a = model(1), b = model(7);
        Sgd sgd = Sgd.builder().learningRate(0.1f).momentum(0.9f).build();
        Sequential a1 = sgd.step(a, gradients(a));
        assertThatThrownBy(() -> sgd.step(b, gradients(b))).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned last").hasMessageContaining("fresh()").hasMessageContaining("withState");
        assertThatThrownBy(() -> sgd.step(a, gradients(a))).as("nor the model it started from")
                .isExactlyInstanceOf(IllegalStateException.class);
        sgd.step(a1, gradients(a1));   // the model it returned is fine
        assertThat(sgd.fresh().step(b, gradients(b)).parameters()).hasSize(6);
    }

    @Test
    void withStateCarriesTheStateOverOnPurposeAndChecksItFits() {
        Sequential a = model(1);
        Adam adam = Adam.builder().learningRate(0.01f).weightDecay(0.01f).build();
        Sequential a1 = adam.step(a, gradients(a));
        Sequential continued = adam.step(a1, gradients(a1));
        Adam resumed = adam.fresh().withState(stateAfterOneStep(a));
        Sequential again = resumed.step(a1, gradients(a1));
        assertThat(bits(again)).isEqualTo(bits(continued));
        assertThat(resumed.state().steps()).isEqualTo(2);

        Sequential wider = Sequential.of(Linear.create(6, 9, Init.heNormal(), 1), new BatchNorm(9), new ReLU(),
                new Dropout(0.1f), Linear.create(9, 3, Init.heNormal(), 2));
        assertThatThrownBy(() -> adam.withState(adam.state()).step(wider, gradients(wider)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0.weight.exp_avg' holds 48 values for a parameter of 54");
        Sequential shallow = Sequential.of(Linear.create(6, 3, Init.heNormal(), 1));
        assertThatThrownBy(() -> adam.withState(adam.state()).step(shallow, gradients(shallow)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'4.weight.exp_avg' matches no parameter");
        assertThatThrownBy(() -> Sgd.builder().build().withState(adam.state()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("state: expected the state of a Sgd, got one of a Adam");
        assertThat(adam.state().steps()).as("withState leaves the original alone").isEqualTo(2);
    }

    private static OptimizerState stateAfterOneStep(Sequential a) {
        Adam adam = Adam.builder().learningRate(0.01f).weightDecay(0.01f).build();
        adam.step(a, gradients(a));
        return adam.state();
    }

    @Test
    void theDecayRuleSaysWhichParametersDecay() {
        Sequential m = model(3);
        Gradients g = gradients(m);
        Sequential matrices = Sgd.builder().learningRate(0.1f).weightDecay(0.5f).build().step(m, g);
        Sequential all = Sgd.builder().learningRate(0.1f).weightDecay(0.5f).decayRule(DecayRule.ALL).build()
                .step(m, g);
        Sequential none = Sgd.builder().learningRate(0.1f).build().step(m, g);
        List<String> names = m.parameterNames();
        for (int i = 0; i < names.size(); i++) {
            boolean matrix = m.parameters().get(i).rank() >= 2;
            assertThat(bits(matrices.parameters().get(i))).as(names.get(i))
                    .isEqualTo(matrix ? bits(all.parameters().get(i)) : bits(none.parameters().get(i)));
        }
        // A rule by name: decay only the last layer's weight.
        Sequential lastOnly = Sgd.builder().learningRate(0.1f).weightDecay(0.5f)
                .decayRule((name, p) -> name.equals("4.weight")).build().step(m, g);
        assertThat(bits(lastOnly.parameters().get(0))).isEqualTo(bits(none.parameters().get(0)));
        assertThat(bits(lastOnly.parameters().get(4))).isEqualTo(bits(all.parameters().get(4)));
    }

    /**
     * 6 steps straight equal 3 steps, a checkpoint (model + optimizer state) saved and loaded, and 3 steps more with a
     * new optimizer and a new TrainingStep built from it: bit for bit, with Adam, weight decay, BatchNorm's
     * running statistics and dropout.
     */
    @Test
    void trainingResumesFromACheckpointBitIdentically(@TempDir Path dir) throws IOException {
        List<Batch> batches = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            batches.addAll(DATA.batches(32, 100 + e));
        }
        Adam.Builder settings = Adam.builder().learningRate(0.01f).weightDecay(1e-3f);
        TrainingStep straight = new TrainingStep(new SoftmaxCrossEntropy(), settings.build(), 1);
        straight.start(model(5));
        for (int i = 0; i < 6; i++) {
            straight.advance(batches.get(i), i, 1f);
        }

        Adam first = settings.build();
        TrainingStep before = new TrainingStep(new SoftmaxCrossEntropy(), first, 1);
        before.start(model(5));
        for (int i = 0; i < 3; i++) {
            before.advance(batches.get(i), i, 1f);
        }
        Path file = dir.resolve("checkpoint.safetensors");
        ModelIO.save(before.current(), first.state(), file);

        ModelIO.Checkpoint checkpoint = ModelIO.loadCheckpoint(file);
        assertThat(checkpoint.optimizerState()).contains(first.state());
        TrainingStep after = new TrainingStep(new SoftmaxCrossEntropy(),
                settings.build().withState(checkpoint.optimizerState().orElseThrow()), 1);
        after.start(checkpoint.model());
        for (int i = 3; i < 6; i++) {
            after.advance(batches.get(i), i, 1f);
        }
        assertThat(bits(after.current())).isEqualTo(bits(straight.current()));
        assertThat(ModelIO.load(file).parameters()).as("a checkpoint loads as a model too")
                .isEqualTo(checkpoint.model().parameters());
    }

    /**
     * Trainer-level resume: 4 epochs straight equal 2 epochs, a checkpoint of the final model and History's optimizer
     * state, and {@code firstEpoch(3)} with an optimizer built from that state — bit for bit, with learning-rate
     * decay, Adam, weight decay, BatchNorm and Dropout (shuffles and dropout seeds of epochs 3 and 4 must match).
     */
    @Test
    void fitResumesFromACheckpointBitIdentically(@TempDir Path dir) throws IOException {
        Adam adam = Adam.builder().learningRate(0.01f).weightDecay(1e-3f).build();
        TrainConfig.Builder settings = TrainConfig.builder().loss(new SoftmaxCrossEntropy()).optimizer(adam)
                .batchSize(20).seed(7).learningRateDecay(0.8f).threads(1);
        History straight = Trainer.fit(model(4), DATA, DATA.slice(0, 0), settings.epochs(4).build());
        History firstHalf = Trainer.fit(model(4), DATA, DATA.slice(0, 0), settings.epochs(2).build());
        Path file = dir.resolve("epoch2.safetensors");
        ModelIO.save(firstHalf.finalModel(), firstHalf.optimizerState(), file);
        ModelIO.Checkpoint c = ModelIO.loadCheckpoint(file);
        History secondHalf = Trainer.fit(c.model(), DATA, DATA.slice(0, 0), settings.epochs(4).firstEpoch(3)
                .optimizer(adam.withState(c.optimizerState().orElseThrow())).build());
        assertThat(secondHalf.epochs()).extracting(EpochStats::epoch).containsExactly(3, 4);
        assertThat(bits(secondHalf.finalModel())).isEqualTo(bits(straight.finalModel()));
        assertThat(secondHalf.optimizerState()).isEqualTo(straight.optimizerState());
        assertThatThrownBy(() -> settings.epochs(4).firstEpoch(6).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("firstEpoch: expected 1 to epochs + 1 = 5, got 6");
    }

    @Test
    void fitNeverStepsTheConfigsOptimizerAndReportsTheStateItEndsWith() {
        Sgd sgd = Sgd.builder().learningRate(0.05f).momentum(0.9f).build();
        TrainConfig config = TrainConfig.builder().loss(new SoftmaxCrossEntropy()).optimizer(sgd).batchSize(32)
                .epochs(2).seed(3).build();
        History h1 = Trainer.fit(model(2), DATA, DATA.slice(0, 0), config);
        History h2 = Trainer.fit(model(2), DATA, DATA.slice(0, 0), config);
        assertThat(sgd.state().steps()).isZero();
        assertThat(h1.optimizerState().steps()).isEqualTo(6);
        assertThat(bits(h2.finalModel())).as("one config, two equal fits").isEqualTo(bits(h1.finalModel()));
        // Continuing from the reported state is the same as continuing the optimizer that produced it.
        TrainConfig more = TrainConfig.builder().loss(new SoftmaxCrossEntropy())
                .optimizer(sgd.withState(h1.optimizerState())).batchSize(32).epochs(1).seed(4).build();
        History h3 = Trainer.fit(h1.finalModel(), DATA, DATA.slice(0, 0), more);
        assertThat(h3.optimizerState().steps()).isEqualTo(9);
    }

    private static List<String> bits(Sequential model) {
        List<String> out = new ArrayList<>();
        model.parameters().forEach(t -> out.add(bits(t)));
        model.layers().forEach(l -> l.buffers().forEach(t -> out.add(bits(t))));
        return out;
    }

    private static String bits(Tensor t) {
        StringBuilder b = new StringBuilder();
        for (float v : t.toArray()) {
            b.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(',');
        }
        return b.toString();
    }
}
