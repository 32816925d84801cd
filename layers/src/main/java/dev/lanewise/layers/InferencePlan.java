package dev.lanewise.layers;

import dev.lanewise.kernels.Activation;
import dev.lanewise.kernels.FloatBufferPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model's evaluation pass for one input sample shape, worked out once: which layers compute (Flatten and
 * Dropout pass their input through; a Linear directly followed by ReLU runs fused), each one's input sample shape,
 * and the largest activation. Running it streams the batch through two activation arrays in turn, taken from a
 * shared {@link FloatBufferPool} (not thread-locals: a virtual thread per request reuses them too), the last layer
 * writing straight into the caller's output: no Tensor, no array per layer. A plan is immutable and shared by all
 * threads that run it.
 */
final class InferencePlan {
    /** Intermediate activations of every running plan: two per call, two calls per core with room to spare. */
    private static final FloatBufferPool ACTIVATIONS =
            new FloatBufferPool(Math.max(8, 4 * Runtime.getRuntime().availableProcessors() + 4));

    private final int[] sample;
    private final int[] outputSample;
    private final Layer[] layers;
    private final Activation[] activations;   // for Linear steps (fused ReLU or identity); null for others
    private final int[][] samples;            // each step's input sample shape
    private final int largest;                // floats per sample of the largest input, intermediate or output

    private InferencePlan(int[] sample, int[] outputSample, List<Layer> layers, List<Activation> activations,
                          List<int[]> samples, int largest) {
        this.sample = sample;
        this.outputSample = outputSample;
        this.layers = layers.toArray(Layer[]::new);
        this.activations = activations.toArray(Activation[]::new);
        this.samples = samples.toArray(int[][]::new);
        this.largest = largest;
    }

    /** The plan for inputs of {@code shape} (batch first), every layer's input checked with messages naming it. */
    static InferencePlan of(List<Layer> model, int[] shape) {
        int batch = shape[0];
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        int[] current = sample;
        int largest = Layer.size(sample);
        List<Layer> steps = new ArrayList<>();
        List<Activation> acts = new ArrayList<>();
        List<int[]> samples = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            Layer layer = model.get(i);
            int[] full = Layer.withBatch(batch, current);
            layer.checkShapeAt(i, full);
            int[] next = layer.outputSample(current);
            Tensor.checkedSize("layer " + i + " (" + layer + ") output", Layer.withBatch(batch, next));
            largest = Math.max(largest, Layer.size(next));
            if (!layer.passesThrough()) {
                boolean fused = layer instanceof Linear && i + 1 < model.size() && model.get(i + 1) instanceof ReLU;
                steps.add(layer);
                acts.add(layer instanceof Linear ? (fused ? Activation.RELU : Activation.IDENTITY) : null);
                samples.add(current);
                if (fused) {
                    i++;
                }
            }
            current = next;
        }
        return new InferencePlan(sample, current, steps, acts, samples, largest);
    }

    /** True if inputs of {@code shape} (batch first) have this plan's sample shape. */
    boolean fits(int[] shape) {
        if (shape.length != sample.length + 1) {
            return false;
        }
        for (int d = 0; d < sample.length; d++) {
            if (shape[d + 1] != sample[d]) {
                return false;
            }
        }
        return true;
    }

    int[] sample() {
        return sample.clone();
    }

    int inputSize() {
        return Layer.size(sample);
    }

    int[] outputSample() {
        return outputSample.clone();
    }

    int outputSize() {
        return Layer.size(outputSample);
    }

    /** Throws if {@code batch} samples make an activation larger than a Java array. */
    void checkBatch(int batch) {
        if ((long) batch * largest > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch: " + batch + " samples make an activation of "
                    + (long) batch * largest + " floats, more than a Java array holds");
        }
    }

    /** The model on {@code batch} samples of x into the first {@code batch · outputSize} floats of out. */
    void run(float[] x, int batch, float[] out, int threads) {
        int n = layers.length;
        if (n == 0) {
            System.arraycopy(x, 0, out, 0, batch * outputSize());
            return;
        }
        float[] a = n > 1 ? ACTIVATIONS.take(batch * largest) : null;
        float[] b = n > 2 ? ACTIVATIONS.take(batch * largest) : null;
        try {
            float[] in = x;
            for (int s = 0; s < n; s++) {
                float[] y = s == n - 1 ? out : (s % 2 == 0 ? a : b);
                if (activations[s] != null) {
                    ((Linear) layers[s]).forward(in, batch, y, activations[s], threads);
                } else {
                    layers[s].inferInto(in, batch, samples[s], y, threads);
                }
                in = y;
            }
        } finally {
            if (a != null) {
                ACTIVATIONS.give(a);
            }
            if (b != null) {
                ACTIVATIONS.give(b);
            }
        }
    }
}
