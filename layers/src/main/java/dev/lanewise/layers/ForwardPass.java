package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The output of a training pass and what its backward pass needs. Immutable; backward may be called repeatedly. */
public final class ForwardPass {
    private final Sequential model;
    private final Tensor input;
    private final Tensor output;
    private final Layer.Trace[] traces;
    private final Context context;

    ForwardPass(Sequential model, Tensor input, Tensor output, Layer.Trace[] traces, Context context) {
        this.model = model;
        this.input = input;
        this.output = output;
        this.traces = traces;
        this.context = context;
    }

    public Sequential model() {
        return model;
    }

    public Tensor output() {
        return output;
    }

    /** Parameter gradients and the gradient of the input, from the gradient of the loss by the output. */
    public Gradients backward(Tensor gradOutput) {
        return backward(gradOutput, true);
    }

    /**
     * As {@link #backward(Tensor)}; with {@code inputGradient} false the gradient by the model input is not
     * computed (one GEMM less for a first Linear layer: what training needs) and {@link Gradients#input()} throws.
     */
    public Gradients backward(Tensor gradOutput, boolean inputGradient) {
        boolean needInput = inputGradient;
        Objects.requireNonNull(gradOutput, "gradOutput: expected a tensor, got null");
        if (!Arrays.equals(gradOutput.shape(), output.shape())) {
            throw new IllegalArgumentException("gradOutput: expected shape " + Tensor.shapeString(output.shape())
                    + " like the output, got " + Tensor.shapeString(gradOutput.shape()));
        }
        int n = traces.length;
        List<List<Tensor>> params = new ArrayList<>(n);
        List<List<Tensor>> buffers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            params.add(List.of());
            buffers.add(traces[i].buffersAfter());
        }
        Tensor dy = gradOutput;
        for (int i = n - 1; i >= 0; i--) {
            boolean need = i > 0 || needInput;
            LayerGradients g = traces[i].backward(dy, context.at(i), need);
            params.set(i, g.parameters());
            dy = g.input();
        }
        return new Gradients(model, needInput ? (n == 0 ? input : dy) : null, List.copyOf(params), List.copyOf(buffers));
    }
}
