package dev.lanewise.layers;

import java.util.List;

/**
 * One immutable layer of a {@link Sequential} model. A layer holds its configuration and parameter tensors and
 * never changes; {@link #apply} is inference (evaluation mode) and safe from any number of threads. Training
 * goes through {@link Sequential#forward}, whose traces keep what the backward pass needs.
 */
public abstract sealed class Layer permits Linear, ReLU, Sigmoid, Tanh, Softmax, Flatten, Conv1d, BatchNorm, Dropout {
    Layer() {
    }

    /** Inference: the layer's output for {@code input} (batch first). */
    public final Tensor apply(Tensor input) {
        checkInput(input);
        return infer(input, Context.inference(Threads.DEFAULT));
    }

    /** Trainable parameters in PyTorch {@code state_dict} order (e.g. weight, bias). */
    public List<Tensor> parameters() {
        return List.of();
    }

    /** Names of {@link #parameters()} as in PyTorch ({@code weight}, {@code bias}). */
    public List<String> parameterNames() {
        return List.of();
    }

    /** Non-trainable state saved with the model (BatchNorm's running statistics). */
    public List<Tensor> buffers() {
        return List.of();
    }

    /** Names of {@link #buffers()} as in PyTorch. */
    public List<String> bufferNames() {
        return List.of();
    }

    /** Throws an IllegalArgumentException naming the expected and actual shape if {@code input} does not fit. */
    final void checkInput(Tensor input) {
        checkShape(input.shape());
    }

    /** Throws an IllegalArgumentException naming the expected and actual shape if an input of {@code shape} does not fit. */
    abstract void checkShape(int[] shape);

    /** {@link #checkShape} for the layer at {@code index} of a model, the message naming it. */
    final void checkShapeAt(int index, int[] shape) {
        try {
            checkShape(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + index + " (" + this + "): " + e.getMessage(), e);
        }
    }

    /** Evaluation-mode output; input already checked. */
    Tensor infer(Tensor input, Context context) {
        int[] shape = input.shape();
        int batch = shape[0];
        int[] sample = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        int[] outShape = withBatch(batch, outputSample(sample));
        if (passesThrough()) {
            return Tensor.wrap(input.data(), outShape);
        }
        float[] y = context.floats(Tensor.checkedSize("output", outShape));
        inferInto(input.data(), batch, sample, y, context.threads());
        return Tensor.wrap(y, outShape);
    }

    /** The shape of one output sample (no batch axis) for one input sample of shape {@code sample} (checked). */
    abstract int[] outputSample(int[] sample);

    /**
     * Evaluation mode on plain arrays: {@code batch} samples of shape {@code sample} (checked) from {@code x} into
     * the first {@code batch · |outputSample|} floats of {@code y} (a different array), with up to {@code threads}
     * GEMM threads. Sizes come from the arguments, never from the arrays' lengths (which may be larger). Not
     * called for layers that {@link #passesThrough()}.
     */
    abstract void inferInto(float[] x, int batch, int[] sample, float[] y, int threads);

    /** True if the evaluation-mode output holds the input's values unchanged (Flatten, Dropout): no work to do. */
    boolean passesThrough() {
        return false;
    }

    static int[] withBatch(int batch, int[] sample) {
        int[] shape = new int[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return shape;
    }

    /** The number of floats of a sample shape (already checked to fit an int). */
    static int size(int[] sample) {
        int n = 1;
        for (int d : sample) {
            n *= d;
        }
        return n;
    }

    /** Training-mode output and what backward needs; input already checked. */
    abstract Trace train(Tensor input, Context context);

    /** The same layer type and configuration holding other parameters and buffers (shapes already checked). */
    Layer with(List<Tensor> parameters, List<Tensor> buffers) {
        return this;
    }

    /**
     * This layer ready for repeated inference: the same parameters, with whatever a layer precomputes from them
     * (Linear's packed weight); the same outputs bit for bit. Layers that precompute nothing return themselves.
     */
    Layer prepared() {
        return this;
    }

    /** Architecture entry for model files: type and configuration, no parameters. */
    abstract LayerSpec spec();

    /** Training state of one forward pass through one layer. */
    interface Trace {
        Tensor output();

        /** Gradients of the parameters and (if {@code needInput}) of the input, from the output gradient. */
        LayerGradients backward(Tensor gradOutput, Context context, boolean needInput);

        /** Buffers after this pass (BatchNorm's updated running statistics); empty when the layer has none. */
        default List<Tensor> buffersAfter() {
            return List.of();
        }
    }

    static String describe(int[] shape) {
        return Tensor.shapeString(shape);
    }
}
