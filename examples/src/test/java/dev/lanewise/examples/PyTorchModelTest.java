package dev.lanewise.examples;

import dev.lanewise.layers.ModelIO;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A model trained in PyTorch on MNIST answers as it did in PyTorch. */
class PyTorchModelTest {
    @Test
    void theStateDictGivesPyTorchsLogitsAndClasses() {
        Sequential model = Fixtures.model();
        Tensor images = Fixtures.EXPECTED.get("images");
        float[] logits = model.apply(images).toArray();
        float[] torch = Fixtures.EXPECTED.get("logits").toArray(), magnitude = Fixtures.EXPECTED.get("abs_logits").toArray();
        double u = Math.ulp(1f) / 2;
        for (int i = 0; i < logits.length; i++) {
            // float32 sums of 784 + 1 and 64 + 1 terms on each side: at most 2·850·u·Σ|terms| apart.
            double bound = 2.0 * (785 + 65) * u * magnitude[i];
            assertThat(Math.abs((double) logits[i] - torch[i])).as("logit %d", i).isLessThanOrEqualTo(bound);
        }
        float[] labels = Fixtures.EXPECTED.get("labels").toArray();
        int correct = 0;
        for (int s = 0; s < 32; s++) {
            int ours = argmax(logits, s), theirs = argmax(torch, s);
            assertThat(ours).as("class of image %d", s).isEqualTo(theirs);
            correct += ours == (int) labels[s] ? 1 : 0;
        }
        assertThat(correct).as("test images classified right (PyTorch: 95.96% on the whole test set)").isGreaterThanOrEqualTo(28);
    }

    @Test
    void withoutTheRenamingTheFileSaysWhichNamesItHolds() {
        assertThatThrownBy(() -> ModelIO.loadWeights(PyTorchModel.architecture(), Fixtures.file("mnist-mlp.safetensors")))
                .isInstanceOf(IOException.class).hasMessageContaining("tensor '0.weight' is missing")
                .hasMessageContaining("fc1.weight F32 [64, 784]");
    }

    private static int argmax(float[] rows, int row) {
        int best = 0;
        for (int k = 1; k < 10; k++) {
            if (rows[row * 10 + k] > rows[row * 10 + best]) {
                best = k;
            }
        }
        return best;
    }
}
