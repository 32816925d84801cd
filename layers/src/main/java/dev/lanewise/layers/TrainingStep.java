package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One optimization step at a time, for custom training loops: forward (training mode), loss, backward without
 * the input gradient, optimizer step. Two ways to drive it:
 * <ul>
 *   <li>{@link #run}: one step from any model, returning the next model — which then belongs to the caller, so
 *       every step allocates one parameter-sized set of arrays;</li>
 *   <li>{@link #start}, then {@link #advance} per batch, and {@link #current()} whenever the model is wanted
 *       (as {@link Trainer#fit} does): the models made in between are never handed out, so the step runs on a
 *       double buffer of parameter arrays it owns and allocates none.</li>
 * </ul>
 *
 * <p>What the step owns, explicitly: the activation arrays (reused every step), and the parameter-gradient arrays
 * its backward pass draws. It asks the optimizer to write the new parameters into those gradient arrays
 * ({@link Optimizer#stepInto}); when the returned model is built on them, that model's arrays are the step's. Once
 * {@code advance} has made the model after it, such a model — if {@code current()} never handed it out — is
 * unreachable, and its arrays become the gradient arrays of the next step. A model the step does not own (the one
 * given to {@code start}, one handed out by {@code current()}, one an optimizer built on arrays of its own) is
 * never reused. The loss gets the output itself only if it says it keeps nothing ({@link Loss#retainsOutput()}),
 * else a copy. Every model either way is an ordinary immutable model, and both ways give the same bits. Not
 * thread-safe (it owns the optimizer's state, the scratch and the current model).
 */
public final class TrainingStep {
    private final Loss loss;
    private final Optimizer optimizer;
    private final int threads;
    private final Context.Workspace workspace = new Context.Workspace();
    private Sequential current;
    private boolean currentShared = true;
    /** The model the last step built on this step's own arrays, or null. */
    private Sequential owned;
    /** What {@link #current()} last handed out, and the model it was prepared from. */
    private Sequential handedOut;
    private Sequential handedOutFrom;
    /** The step's gradient arrays, handed to the optimizer as the arrays to write the new parameters into. */
    private final List<float[]> into = new ArrayList<>();

    /** Uses {@code optimizer} itself (its state advances with every step). */
    public TrainingStep(Loss loss, Optimizer optimizer, int threads) {
        this.loss = Objects.requireNonNull(loss, "loss: expected a loss, got null");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer: expected an optimizer, got null");
        this.threads = Threads.check(threads);
    }

    /** What one step did: the next model, the batch's mean loss and its correct predictions (0 for regression). */
    public record Result(Sequential model, double loss, int correct) {
    }

    /** What one {@link #advance} did: the batch's mean loss and its correct predictions (0 for regression). */
    public record Outcome(double loss, int correct) {
    }

    /** One step on {@code batch}; {@code seed} draws this step's dropout masks. */
    public Result run(Sequential model, Batch batch, long seed, float learningRateScale) {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(batch, "batch: expected a batch, got null");
        workspace.reset();
        ForwardPass pass = model.forward(batch.inputs(), new Context(seed, threads, 0, workspace));
        Tensor output = loss.retainsOutput() ? Tensor.wrap(pass.output().toArray(), pass.output().shape()) : pass.output();
        LossValue value = loss.evaluate(output, batch);
        int correct = batch.hasLabels() ? Trainer.correct(pass.output(), batch.labelsShared()) : 0;
        Gradients gradients = pass.backward(value.gradient(), false);
        // The gradient arrays were drawn from this step's workspace and never leave it: the new parameters go there.
        into.clear();
        List<List<Tensor>> byLayer = gradients.byLayer();
        for (int l = 0; l < byLayer.size(); l++) {
            for (int k = 0; k < byLayer.get(l).size(); k++) {
                into.add(byLayer.get(l).get(k).data());
            }
        }
        Sequential next = optimizer.stepInto(model, gradients, learningRateScale, into, threads);
        owned = builtOn(next, into) ? next : null;
        into.clear();
        return new Result(next, value.value(), correct);
    }

    private static boolean builtOn(Sequential model, List<float[]> arrays) {
        List<Layer> layers = model.layers();
        int i = 0;
        for (int l = 0; l < layers.size(); l++) {
            List<Tensor> params = layers.get(l).parameters();
            for (int k = 0; k < params.size(); k++) {
                if (i >= arrays.size() || params.get(k).data() != arrays.get(i++)) {
                    return false;
                }
            }
        }
        return i == arrays.size();
    }

    /** Makes {@code model} the model the next {@link #advance} trains (it stays the caller's: never recycled). */
    public void start(Sequential model) {
        current = Objects.requireNonNull(model, "model: expected a model, got null");
        currentShared = true;
        workspace.clearSpares();
    }

    /** One step on {@code batch} from the current model, which the next model replaces. */
    public Outcome advance(Batch batch, long seed, float learningRateScale) {
        if (current == null) {
            throw new IllegalStateException("advance: expected start(model) before the first step");
        }
        boolean reusable = !currentShared && current == owned;
        Result r = run(current, batch, seed, learningRateScale);
        workspace.clearSpares();   // those no layer took (a layer that allocates its own): at most one model's worth
        if (reusable) {
            recycleParameters(current, r.model());
        }
        current = r.model();
        currentShared = false;
        return new Outcome(r.loss(), r.correct());
    }

    /**
     * The current model, prepared for inference (Linear weights packed, same outputs bit for bit); from now on its
     * parameters are the caller's too, so no later step recycles their arrays.
     */
    public Sequential current() {
        if (current == null) {
            throw new IllegalStateException("current: expected start(model) first");
        }
        currentShared = true;
        if (handedOut == null || handedOutFrom != current) {
            handedOut = current.prepared();
            handedOutFrom = current;
        }
        return handedOut;
    }

    /** Spare parameter arrays waiting for the next step (for tests). */
    int spareArrays() {
        return workspace.spareCount();
    }

    /** Gives the parameter arrays of {@code old} (unreachable from now on) to the workspace, except any next uses. */
    private void recycleParameters(Sequential old, Sequential next) {
        Set<float[]> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : next.parameters()) {
            kept.add(t.data());
        }
        for (Tensor t : old.parameters()) {
            if (kept.add(t.data())) {
                workspace.recycle(t.data());
            }
        }
    }
}
