package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Central finite differences against the backward pass, for any model and loss: for sampled elements of every
 * parameter and of the input, {@code (L(w + h) − L(w − h)) / (h₊ + h₋)} with the loss in double and the steps
 * h₊, h₋ measured on the float values actually stored, compared with the analytic gradient. Training mode with
 * a fixed seed, so dropout masks are the same in every evaluation. Relative error of one element is
 * {@code |analytic − numeric| / max(|analytic|, |numeric|)}; an element also passes when the absolute difference
 * is within {@link Result#noiseFloor()}, the error any difference quotient carries whatever the gradient:
 * {@code (64·u / h + h²·10 / 6)·max(1, |L|)} (rounding, plus truncation for |L'''| ≤ 10).
 *
 * <p>Choosing h: the float forward pass rounds the loss by about {@code n·u·|L|} (n the longest chain of
 * accumulations, u = 2⁻²⁴), which the difference quotient amplifies to {@code n·u·|L| / h}, while truncation adds
 * {@code h²·|L'''| / 6}; h ≈ 1e-2 balances them for moderate n, as the default does.
 */
public final class GradientCheck {
    /** Rounded operations assumed along the longest chain when estimating the noise floor of a difference quotient. */
    static final double NOISE_CHAIN = 64;

    /** Default relative step. */
    public static final double DEFAULT_STEP = 1e-2;

    private GradientCheck() {
    }

    /** One compared element: which tensor ("input" or a state_dict name), flat index, both gradients. */
    public record Element(String tensor, int index, double analytic, double numeric, double relativeError) {
    }

    /** All compared elements, the worst one (by relative error beyond the noise floor) and the noise floor. */
    public record Result(List<Element> elements, Element worst, double noiseFloor) {
        /** Elements whose difference exceeds both {@code tolerance}·max(|analytic|, |numeric|) and the noise floor. */
        public List<Element> failures(double tolerance) {
            return elements.stream().filter(e -> !(Math.abs(e.analytic() - e.numeric()) <= noiseFloor
                    || e.relativeError() <= tolerance)).toList();
        }
    }

    /** Checks a classification loss. */
    public static Result check(Sequential model, Tensor input, int[] labels, ClassificationLoss loss) {
        return check(model, input, out -> loss.evaluate(out, labels), DEFAULT_STEP, 24, 7L);
    }

    /** Checks a regression loss. */
    public static Result check(Sequential model, Tensor input, Tensor targets, RegressionLoss loss) {
        return check(model, input, out -> loss.evaluate(out, targets), DEFAULT_STEP, 24, 7L);
    }

    /**
     * Checks up to {@code perTensor} elements (all when fewer, else a seeded sample) of every parameter and of
     * the input, with relative step {@code step} (h = step·max(1, |w|)).
     */
    public static Result check(Sequential model, Tensor input, Function<Tensor, LossValue> loss, double step,
                               int perTensor, long seed) {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(input, "input: expected a tensor, got null");
        Objects.requireNonNull(loss, "loss: expected a function, got null");
        if (!(step > 0)) {
            throw new IllegalArgumentException("step: expected > 0, got " + step);
        }
        final long passSeed = 12345L;
        ForwardPass pass = model.forward(input, passSeed, 1);
        LossValue base = loss.apply(pass.output());
        Gradients g = pass.backward(base.gradient());
        double floor = (NOISE_CHAIN * 0x1p-24 / step + step * step * 10 / 6) * Math.max(1, Math.abs(base.value()));
        SplittableRandom rng = new SplittableRandom(seed);
        List<Element> out = new ArrayList<>();

        List<String> names = model.parameterNames();
        List<Tensor> params = model.parameters();
        List<Tensor> grads = g.parameters();
        for (int t = 0; t < params.size(); t++) {
            final int which = t;
            Tensor p = params.get(t);
            for (int idx : sample(p.size(), perTensor, rng)) {
                float[] w = p.toArray();
                double numeric = difference(w, idx, step, values -> {
                    List<Tensor> replaced = new ArrayList<>(params);
                    replaced.set(which, Tensor.wrap(values, p.shape()));
                    return loss.apply(withParameters(model, replaced).forward(input, passSeed, 1).output()).value();
                });
                out.add(element(names.get(t), idx, grads.get(t).data()[idx], numeric));
            }
        }
        Tensor dx = g.input();
        for (int idx : sample(input.size(), perTensor, rng)) {
            float[] x = input.toArray();
            double numeric = difference(x, idx, step,
                    values -> loss.apply(model.forward(Tensor.wrap(values, input.shape()), passSeed, 1).output()).value());
            out.add(element("input", idx, dx.data()[idx], numeric));
        }
        Element worst = null;
        for (Element e : out) {
            boolean resolvable = Math.abs(e.analytic() - e.numeric()) > floor || Double.isNaN(e.relativeError());
            if (resolvable && (worst == null || !(e.relativeError() <= worst.relativeError()))) {
                worst = e;
            }
        }
        return new Result(List.copyOf(out), worst, floor);
    }

    private static double difference(float[] values, int idx, double step, Function<float[], Double> lossOf) {
        float w = values[idx];
        double h = step * Math.max(1, Math.abs(w));
        float plus = (float) (w + h), minus = (float) (w - h);
        values[idx] = plus;
        double lp = lossOf.apply(values.clone());
        values[idx] = minus;
        double lm = lossOf.apply(values.clone());
        values[idx] = w;
        return (lp - lm) / ((double) plus - minus);
    }

    private static Element element(String name, int idx, double analytic, double numeric) {
        double diff = Math.abs(analytic - numeric);
        double err = diff == 0 ? 0 : diff / Math.max(Math.abs(analytic), Math.abs(numeric));
        return new Element(name, idx, analytic, numeric, err);
    }

    private static int[] sample(int size, int count, SplittableRandom rng) {
        if (size <= count) {
            int[] all = new int[size];
            java.util.Arrays.setAll(all, i -> i);
            return all;
        }
        return rng.ints(0, size).distinct().limit(count).toArray();
    }

    private static Sequential withParameters(Sequential model, List<Tensor> flat) {
        List<List<Tensor>> params = new ArrayList<>(), buffers = new ArrayList<>();
        int k = 0;
        for (Layer layer : model.layers()) {
            int n = layer.parameters().size();
            params.add(flat.subList(k, k + n));
            buffers.add(layer.buffers());
            k += n;
        }
        return model.with(params, buffers);
    }
}
