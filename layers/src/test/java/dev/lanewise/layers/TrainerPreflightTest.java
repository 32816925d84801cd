package dev.lanewise.layers;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Training fails before any work when it would fail later (empty data, labels out of range, a one-sample batch a
 * BatchNorm cannot train on), and stops at the first non-finite loss with the best model so far kept.
 */
class TrainerPreflightTest {

    private static Sequential mlp(boolean batchNorm) {
        return batchNorm
                ? Sequential.of(Linear.create(6, 8, Init.heNormal(), 1), new BatchNorm(8), new ReLU(),
                Linear.create(8, 3, Init.heNormal(), 2))
                : Sequential.of(Linear.create(6, 8, Init.heNormal(), 1), new ReLU(), Linear.create(8, 3, Init.heNormal(), 2));
    }

    private static TrainConfig.Builder config(int batchSize, AtomicInteger batchesSeen) {
        return TrainConfig.builder().loss(new SoftmaxCrossEntropy())
                .optimizer(Sgd.builder().learningRate(0.1f).build()).batchSize(batchSize).epochs(2).seed(3)
                .listener(new EpochListener() {
                    @Override
                    public void batchEnded(int epoch, int done, int total) {
                        batchesSeen.incrementAndGet();
                    }

                    @Override
                    public void epochEnded(EpochStats stats, Sequential model) {
                    }
                });
    }

    private static Dataset data(int n, long seed) {
        return Dataset.of(TestData.uniform(seed, -1, 1, n, 6), TestData.labels(seed, n, 3));
    }

    @Test
    void anEmptyTrainingSetIsRejectedBeforeAnyWork() {
        AtomicInteger seen = new AtomicInteger();
        assertThatThrownBy(() -> Trainer.fit(mlp(false), data(0, 1), data(4, 2), config(4, seen).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("train: expected at least one");
        assertThat(seen).hasValue(0);
    }

    /** Any bad label anywhere is reported by its index in the dataset, before the first step. */
    @Property(tries = 60)
    void aLabelOutOfRangeIsNamedByItsDatasetIndex(@ForAll @IntRange(min = 1, max = 90) int n,
                                                  @ForAll @IntRange(max = 89) int position,
                                                  @ForAll @IntRange(min = 3, max = 1000) int badLabel,
                                                  @ForAll boolean inValidation) {
        int at = position % n;
        int[] labels = TestData.labels(5, n, 3);
        labels[at] = badLabel;
        Dataset bad = Dataset.of(TestData.uniform(5, -1, 1, n, 6), labels);
        AtomicInteger seen = new AtomicInteger();
        Dataset train = inValidation ? data(10, 6) : bad, validation = inValidation ? bad : data(10, 6);
        assertThatThrownBy(() -> Trainer.fit(mlp(false), train, validation, config(7, seen).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage((inValidation ? "validation" : "train") + " labels[" + at + "]: expected a class in [0, 3)"
                        + " (the model's outputs), got " + badLabel);
        assertThat(seen).as("no step ran").hasValue(0);
    }

    @Test
    void aOneSampleLastBatchThatBatchNormCannotTrainOnIsRejectedBeforeAnyWork() {
        AtomicInteger seen = new AtomicInteger();
        assertThatThrownBy(() -> Trainer.fit(mlp(true), data(9, 1), data(4, 2), config(4, seen).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the last batch of every epoch holds 1 sample (9 samples, batch size 4)")
                .hasMessageContaining("dropLast(true)");
        assertThat(seen).hasValue(0);
        // Without BatchNorm a one-sample batch is fine; with dropLast the partial batch is skipped.
        assertThat(Trainer.fit(mlp(false), data(9, 1), data(4, 2), config(4, seen).build()).epochs()).hasSize(2);
        seen.set(0);
        History dropped = Trainer.fit(mlp(true), data(9, 1), data(4, 2), config(4, seen).dropLast(true).build());
        assertThat(seen).as("two full batches per epoch").hasValue(4);
        assertThat(dropped.epochs()).allMatch(e -> Double.isFinite(e.trainLoss()));
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingEpochAndStepAndKeepsTheBestModel() {
        AtomicInteger seen = new AtomicInteger();
        Sequential start = mlp(false);
        TrainConfig diverging = TrainConfig.builder().loss(new SoftmaxCrossEntropy())
                .optimizer(Sgd.builder().learningRate(1e30f).build()).batchSize(4).epochs(5).seed(3).build();
        TrainingDivergedException e = catchThrowableOfType(TrainingDivergedException.class,
                () -> Trainer.fit(start, data(40, 1), data(8, 2), diverging));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("epoch " + e.epoch() + ", step " + e.step() + " of 10");
        assertThat(Double.isFinite(e.loss())).isFalse();
        History so = e.history();
        assertThat(so.epochs()).hasSize(e.epoch() - 1);
        for (Tensor p : so.bestModel().parameters()) {
            for (float v : p.toArray()) {
                assertThat(Float.isFinite(v)).as("best model weights are finite").isTrue();
            }
        }
        // NaN inputs: the first step already fails, and the best model is the untouched start model.
        Tensor nan = TestData.uniform(1, -1, 1, 8, 6);
        float[] x = nan.toArray();
        x[13] = Float.NaN;
        TrainingDivergedException first = catchThrowableOfType(TrainingDivergedException.class,
                () -> Trainer.fit(start, Dataset.of(Tensor.of(x, 8, 6), TestData.labels(1, 8, 3)), data(4, 2),
                        config(8, seen).build()));
        assertThat(first.epoch()).isEqualTo(1);
        assertThat(first.step()).isEqualTo(1);
        assertThat(first.history().bestModel()).isSameAs(start);
        // Opting out trains on.
        History on = Trainer.fit(start, Dataset.of(Tensor.of(x, 8, 6), TestData.labels(1, 8, 3)), data(4, 2),
                config(8, seen).stopOnNonFiniteLoss(false).build());
        assertThat(on.epochs()).hasSize(2);
    }
}
