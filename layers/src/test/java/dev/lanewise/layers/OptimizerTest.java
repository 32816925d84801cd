package dev.lanewise.layers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class OptimizerTest {
    private static final Sequential MODEL = Sequential.of(Linear.create(3, 2, Init.heNormal(), 1), new Tanh(),
            Linear.create(2, 2, Init.heNormal(), 2));
    private static final Tensor X = TestData.uniform(3, -1, 1, 4, 3);
    private static final int[] Y = {0, 1, 1, 0};

    private static Gradients gradients(Sequential model) {
        ForwardPass pass = model.forward(X);
        return pass.backward(new SoftmaxCrossEntropy().evaluate(pass.output(), Y).gradient());
    }

    @Test
    void sgdWithWeightDecayDecaysWeightsButNotBiases() {
        float lr = 0.1f, wd = 0.01f;
        Gradients g = gradients(MODEL);
        Sequential next = Sgd.builder().learningRate(lr).weightDecay(wd).build().step(MODEL, g);
        List<Tensor> w0 = MODEL.parameters(), w1 = next.parameters(), gs = g.parameters();
        List<String> names = MODEL.parameterNames();
        for (int t = 0; t < w0.size(); t++) {
            boolean weight = names.get(t).endsWith("weight");
            float[] a = w0.get(t).toArray(), b = w1.get(t).toArray(), d = gs.get(t).toArray();
            for (int i = 0; i < a.length; i++) {
                float expected = a[i] - lr * (d[i] + (weight ? wd * a[i] : 0f));
                assertThat(b[i]).as("%s[%d]", names.get(t), i).isCloseTo(expected, offset(2e-7f * (1 + Math.abs(a[i]))));
            }
        }
    }

    @Test
    void momentumAccumulatesAcrossStepsAndFreshForgetsIt() {
        Sgd sgd = Sgd.builder().learningRate(0.1f).momentum(0.9f).build();
        Gradients g = gradients(MODEL);
        Sequential one = sgd.step(MODEL, g);
        Sequential two = sgd.step(one, g);   // same gradients twice: v = g, then 1.9·g
        float w = MODEL.parameters().get(0).toArray()[0], d = g.parameters().get(0).toArray()[0];
        assertThat(two.parameters().get(0).toArray()[0]).isCloseTo(w - 0.1f * d - 0.1f * 1.9f * d, offset(1e-6f));
        Sequential fresh = sgd.fresh().step(one, g);
        assertThat(fresh.parameters().get(0).toArray()[0]).isCloseTo(w - 0.2f * d, offset(1e-6f));
    }

    @Test
    void adamFirstStepMovesEachWeightByAboutTheLearningRate() {
        Gradients g = gradients(MODEL);
        Sequential next = Adam.builder().learningRate(0.01f).build().step(MODEL, g);
        float[] before = MODEL.parameters().get(0).toArray(), after = next.parameters().get(0).toArray();
        float[] d = g.parameters().get(0).toArray();
        for (int i = 0; i < before.length; i++) {
            // Bias-corrected first step: m̂ = g, v̂ = g², so w −= lr · g / (|g| + ε).
            float expected = before[i] - 0.01f * d[i] / (Math.abs(d[i]) + 1e-8f);
            assertThat(after[i]).isCloseTo(expected, offset(1e-6f));
        }
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> Sgd.builder().learningRate(-1f)).hasMessageContaining("learningRate")
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> Sgd.builder().momentum(1f)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> Sgd.builder().nesterov(true).build()).hasMessageContaining("nesterov");
        assertThatThrownBy(() -> Adam.builder().betas(0.9f, 1f)).hasMessageContaining("betas");
        Sgd sgd = Sgd.builder().momentum(0.5f).build();
        sgd.step(MODEL, gradients(MODEL));
        Sequential other = Sequential.of(Linear.create(3, 5, Init.heNormal(), 1), new Tanh(),
                Linear.create(5, 2, Init.heNormal(), 2));
        assertThatThrownBy(() -> sgd.step(other, gradients(MODEL))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0").hasMessageContaining("[5, 3]").hasMessageContaining("[2, 3]");
    }
}
