package dev.lanewise.layers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * State dicts saved by PyTorch (no lanewise metadata) load into declared architectures: the weights are exactly
 * the float32 values PyTorch holds after the same dtype conversion, and the outputs agree with PyTorch's within a
 * derived rounding bound. Files that do not fit the architecture fail naming every missing, extra and mis-shaped
 * tensor.
 */
class PyTorchWeightsTest {
    private static final Map<String, Tensor> EXPECTED = PyTorchFixtures.expected();
    private static final double U = Math.ulp(1f) / 2;   // float32 unit roundoff 2^-24

    private static Sequential mlp() {
        return Sequential.of(Linear.create(6, 5, Init.heNormal(), 1), new ReLU(), Linear.create(5, 3, Init.heNormal(), 2));
    }

    private static Sequential convBn() {
        return Sequential.of(Conv1d.create(2, 3, 3, 1, Init.heNormal(), 1), new BatchNorm(3), new ReLU(), new Flatten(),
                Linear.create(24, 4, Init.heNormal(), 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"F32", "F16", "BF16", "F64"})
    void aSequentialStateDictLoadsInEveryFloatDtype(String dtype) throws IOException {
        Sequential model = ModelIO.loadWeights(mlp(), PyTorchFixtures.file("mlp-" + dtype.toLowerCase() + ".safetensors"));
        List<String> names = model.parameterNames();
        for (int i = 0; i < names.size(); i++) {
            assertThat(model.parameters().get(i)).as(names.get(i))
                    .isEqualTo(EXPECTED.get("mlp." + dtype + "." + names.get(i)));
        }
        // Forward error of a float32 sum of n products: at most n·u·Σ|terms| on each side; 6+1 and 5+1 terms.
        assertClose(model.apply(EXPECTED.get("mlp.input")), EXPECTED.get("mlp." + dtype + ".output"),
                EXPECTED.get("mlp." + dtype + ".abs_output"), 7 + 6);
    }

    @Test
    void convolutionAndBatchNormStateLoadsWithItsRunningStatistics() throws IOException {
        Sequential model = ModelIO.loadWeights(convBn(), PyTorchFixtures.file("conv-bn.safetensors"));
        BatchNorm bn = (BatchNorm) model.layers().get(1);
        assertThat(bn.buffers().get(2).countValue()).as("num_batches_tracked after three steps").isEqualTo(3);
        assertThat(bn.runningVar().toArray()).as("running_var moved from its initial ones")
                .isNotEqualTo(new float[]{1, 1, 1});
        // Conv 2·3 products + bias, BatchNorm's affine map (about 4 roundings), Linear 24 + 1.
        assertClose(model.apply(EXPECTED.get("conv.input")), EXPECTED.get("conv.output"),
                EXPECTED.get("conv.abs_output"), 7 + 4 + 25);
    }

    @Test
    void aModuleWithNamedAttributesLoadsThroughARenaming() throws IOException {
        Path file = PyTorchFixtures.file("named-module.safetensors");
        assertThatThrownBy(() -> ModelIO.loadWeights(mlp(), file)).isInstanceOf(IOException.class)
                .hasMessageContaining("tensor '0.weight' is missing").hasMessageContaining("fc1.weight");
        Sequential model = ModelIO.loadWeights(mlp(), file,
                name -> name.replace("fc1.", "0.").replace("fc2.", "2."));
        assertClose(model.apply(EXPECTED.get("mlp.input")), EXPECTED.get("named.output"),
                EXPECTED.get("named.abs_output"), 13);
    }

    @Test
    void aFileThatDoesNotFitTheArchitectureNamesEveryProblem() {
        Path file = PyTorchFixtures.file("mlp-f32.safetensors");
        Sequential wrongWidth = Sequential.of(Linear.create(6, 4, Init.heNormal(), 1), new ReLU(),
                Linear.create(4, 3, Init.heNormal(), 2), new ReLU(), Linear.create(3, 2, Init.heNormal(), 3));
        assertThatThrownBy(() -> ModelIO.loadWeights(wrongWidth, file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("tensor '0.weight': expected shape [4, 6], got [5, 6]")
                .hasMessageContaining("tensor '0.bias': expected shape [4], got [5]")
                .hasMessageContaining("tensor '2.weight': expected shape [3, 4], got [3, 5]")
                .hasMessageContaining("tensor '4.weight' is missing (expected [2, 3])")
                .hasMessageContaining("tensor '4.bias' is missing");
        Sequential firstLayerOnly = Sequential.of(Linear.create(6, 5, Init.heNormal(), 1));
        assertThatThrownBy(() -> ModelIO.loadWeights(firstLayerOnly, file)).isInstanceOf(IOException.class)
                .hasMessageContaining("tensors it does not hold: [2.weight F32 [3, 5], 2.bias F32 [3]]");
        assertThatThrownBy(() -> ModelIO.loadWeights(convBn(), file)).isInstanceOf(IOException.class)
                .hasMessageContaining("tensor '1.running_mean' is missing");
        assertThatThrownBy(() -> ModelIO.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("no 'lanewise.architecture'").hasMessageContaining("loadWeights");
    }

    @Test
    void aLanewiseFileAndCheckpointLoadAsWeightsToo(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Sequential trained = ModelIO.loadWeights(convBn(), PyTorchFixtures.file("conv-bn.safetensors"));
        Path file = dir.resolve("m.safetensors");
        ModelIO.save(trained, file);
        Sequential loaded = ModelIO.loadWeights(convBn(), file);
        assertThat(loaded.parameters()).isEqualTo(trained.parameters());
        OptimizerState state = Sgd.builder().learningRate(0.1f).momentum(0.9f).build().fresh().state();
        ModelIO.save(trained, state, dir.resolve("c.safetensors"));
        assertThat(ModelIO.loadWeights(convBn(), dir.resolve("c.safetensors")).parameters())
                .isEqualTo(trained.parameters());
        assertThat(Files.size(file)).isPositive();
    }

    /** |actual − expected| ≤ 2·terms·u·magnitude elementwise (both sides' rounding, first order). */
    private static void assertClose(Tensor actual, Tensor expected, Tensor magnitude, int terms) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        float[] a = actual.toArray(), e = expected.toArray(), m = magnitude.toArray();
        for (int i = 0; i < a.length; i++) {
            double bound = 2.0 * terms * U * m[i] + Double.MIN_NORMAL;
            assertThat(Math.abs((double) a[i] - e[i])).as("output %d: %s vs PyTorch %s (bound %s)", i, a[i], e[i], bound)
                    .isLessThanOrEqualTo(bound);
        }
    }
}
