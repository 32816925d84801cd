package dev.lanewise.layers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every layer and loss against central finite differences (double-precision loss, float forward).
 *
 * <p>Tolerance, derived: the float forward pass perturbs the loss by at most about n·u·|L| (u = 2⁻²⁴, n the
 * number of rounded operations along the longest accumulation chain, here ≤ 64), so the difference quotient
 * with step h carries an error of n·u·|L| / h relative to |L|; truncation adds h²·|L'''| / 6 (|L'''| ≤ ~10 for
 * these small smooth models). Relative to gradients of size ≳ |L|/10 that is 10·(64·6e-8/h + 10·h²/6) —
 * 4e-3 for h = 1e-2 — and we allow 2× that: 1e-2. Since both error terms scale with |L|, not with the
 * element's gradient, an element also passes within the absolute noise floor (64·u/h + 10·h²/6)·max(1, |L|)
 * (e.g. a bias right before BatchNorm, whose true gradient is 0). Piecewise-linear parts (ReLU, hinge) are checked where no step crosses a kink, which
 * each test asserts about its data.
 */
class GradientCheckTest {
    private static final double TOLERANCE = 1e-2;

    static Stream<Arguments> regressionModels() {
        return Stream.of(
                Arguments.of("linear", Sequential.of(Linear.create(5, 3, Init.xavierUniform(), 1)), new int[]{4, 5}),
                Arguments.of("linear batch 1, prime sizes", Sequential.of(Linear.create(7, 11, Init.xavierUniform(), 2)), new int[]{1, 7}),
                Arguments.of("sigmoid", Sequential.of(Linear.create(6, 4, Init.xavierUniform(), 3), new Sigmoid()), new int[]{3, 6}),
                Arguments.of("tanh", Sequential.of(Linear.create(6, 4, Init.xavierUniform(), 4), new Tanh()), new int[]{5, 6}),
                Arguments.of("softmax", Sequential.of(Linear.create(4, 5, Init.xavierUniform(), 5), new Softmax()), new int[]{3, 4}),
                Arguments.of("batchnorm rank 2", Sequential.of(Linear.create(4, 3, Init.xavierUniform(), 6), new BatchNorm(3)), new int[]{6, 4}),
                Arguments.of("batchnorm rank 3 + flatten", Sequential.of(
                        Conv1d.create(2, 3, 3, 1, Init.xavierUniform(), 7), new BatchNorm(3), new Flatten()), new int[]{3, 2, 5}),
                Arguments.of("conv1d stride 2 padding 1 dilation 2", Sequential.of(
                        Conv1d.create(3, 2, 3, 2, 1, 2, Init.xavierUniform(), 8), new Tanh(), new Flatten()), new int[]{2, 3, 9}),
                Arguments.of("dropout", Sequential.of(Linear.create(5, 8, Init.xavierUniform(), 9), new Dropout(0.4f),
                        new Tanh()), new int[]{4, 5}),
                Arguments.of("two layers tanh", Sequential.of(Linear.create(3, 8, Init.xavierUniform(), 10), new Tanh(),
                        Linear.create(8, 2, Init.xavierUniform(), 11)), new int[]{5, 3}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regressionModels")
    void layersMatchFiniteDifferencesUnderMeanSquaredError(String name, Sequential model, int[] inputShape) {
        Tensor x = TestData.uniform(100, -1, 1, inputShape);
        Tensor target = TestData.uniform(101, -1, 1, model.apply(x).shape());
        GradientCheck.Result r = GradientCheck.check(model, x, target, new MeanSquaredError());
        assertThat(r.elements()).isNotEmpty();
        assertThat(r.failures(TOLERANCE)).as("noise floor %s", r.noiseFloor()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smoothClassificationModels")
    void softmaxCrossEntropyMatchesFiniteDifferencesThroughModels(String name, Sequential model, int[] inputShape) {
        Tensor x = TestData.uniform(23, -1, 1, inputShape);
        int[] labels = TestData.labels(24, inputShape[0], model.apply(x).dim(1));
        GradientCheck.Result r = GradientCheck.check(model, x, labels, new SoftmaxCrossEntropy());
        assertThat(r.failures(TOLERANCE)).as("noise floor %s", r.noiseFloor()).isEmpty();
    }

    static Stream<Arguments> smoothClassificationModels() {
        return Stream.of(
                Arguments.of("2 layers", Sequential.of(Linear.create(6, 5, Init.xavierUniform(), 21), new Tanh(),
                        Linear.create(5, 4, Init.xavierUniform(), 22)), new int[]{7, 6}),
                Arguments.of("batch 1, 17 classes", Sequential.of(Linear.create(3, 17, Init.xavierUniform(), 25)), new int[]{1, 3}),
                Arguments.of("conv", Sequential.of(Conv1d.create(2, 4, 3, 0, Init.xavierUniform(), 26), new Sigmoid(),
                        new Flatten(), Linear.create(12, 3, Init.xavierUniform(), 27)), new int[]{4, 2, 5}));
    }

    @ParameterizedTest(name = "margin {0}")
    @MethodSource("margins")
    void multiclassHingeGradientMatchesFiniteDifferencesAwayFromKinks(float margin) {
        MulticlassHinge hinge = new MulticlassHinge(margin);
        int m = 6, n = 5;
        Tensor s = TestData.uniform(40, -2, 2, m, n);
        int[] labels = TestData.labels(41, m, n);
        double h = 1e-3;
        float[] v = s.toArray();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double slack = v[i * n + j] - v[i * n + labels[i]] + margin;
                if (j != labels[i]) {
                    assertThat(Math.abs(slack)).as("test data: margin term (%d,%d) clear of its kink", i, j).isGreaterThan(2 * h);
                }
            }
        }
        LossValue base = hinge.evaluate(s, labels);
        for (int e = 0; e < v.length; e++) {
            float[] plus = v.clone(), minus = v.clone();
            plus[e] = (float) (v[e] + h);
            minus[e] = (float) (v[e] - h);
            double numeric = (hinge.evaluate(Tensor.of(plus, m, n), labels).value()
                    - hinge.evaluate(Tensor.of(minus, m, n), labels).value()) / ((double) plus[e] - minus[e]);
            // Piecewise linear and summed in double: the quotient is exact up to double rounding of sums ~ 10.
            assertThat(base.gradient().toArray()[e]).as("element %d", e).isCloseTo((float) numeric,
                    org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    static Stream<Float> margins() {
        return Stream.of(1f, 0.5f);
    }

    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void fusedLinearReluMatchesFiniteDifferences(int batch) {
        // Biases of ±0.6 and small weights keep every pre-activation clear of the ReLU kink by more than any
        // step moves it (h·(1 + Σ|x|) ≤ 0.05 here); asserted below, since a crossing breaks the quotient.
        float[] bias = {0.6f, -0.6f, 0.6f, -0.6f, 0.6f, -0.6f};
        Linear first = Linear.of(TestData.uniform(31, -0.1f, 0.1f, 6, 4), Tensor.of(bias, 6));
        Sequential model = Sequential.of(first, new ReLU(), Linear.create(6, 3, Init.gaussian(0.5), 32));
        Tensor x = TestData.uniform(33, -1, 1, batch, 4);
        Tensor z = Sequential.of(first).apply(x);
        for (float zi : z.toArray()) {
            assertThat(Math.abs(zi)).as("test data: pre-activation clear of the kink").isGreaterThan(0.05f);
        }
        GradientCheck.Result r = GradientCheck.check(model, x, TestData.labels(34, batch, 3), new SoftmaxCrossEntropy());
        assertThat(r.failures(TOLERANCE)).as("noise floor %s", r.noiseFloor()).isEmpty();
        assertThat(r.elements()).anyMatch(e -> e.tensor().equals("0.weight"));
    }

    static Stream<Integer> batches() {
        return Stream.of(1, 2, 5);
    }

    @org.junit.jupiter.api.Test
    void detectsAWrongGradient() {
        Sequential model = Sequential.of(Linear.create(4, 3, Init.xavierUniform(), 50), new Tanh());
        Tensor x = TestData.uniform(51, -1, 1, 5, 4);
        Tensor target = TestData.uniform(52, -1, 1, 5, 3);
        MeanSquaredError mse = new MeanSquaredError();
        GradientCheck.Result r = GradientCheck.check(model, x, out -> {
            LossValue v = mse.evaluate(out, target);
            float[] g = v.gradient().toArray();
            g[0] *= 1.05f;   // a 5% error in one output gradient
            return new LossValue(v.value(), Tensor.of(g, v.gradient().shape()));
        }, GradientCheck.DEFAULT_STEP, 24, 7L);
        assertThat(r.failures(TOLERANCE)).isNotEmpty();
    }
}
