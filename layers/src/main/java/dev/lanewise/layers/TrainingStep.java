package dev.lanewise.layers;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * One optimization step at a time, for custom training loops: forward (training mode), loss, backward without
 * the input gradient, optimizer step. Activation arrays are reused from step to step and the new parameters are
 * written into the step's own gradient arrays. Two ways to drive it:
 * <ul>
 *   <li>{@link #run}: one step from any model, returning the next model — which then belongs to the caller, so
 *       every step allocates one parameter-sized set of arrays;</li>
 *   <li>{@link #start}, then {@link #advance} per batch, and {@link #current()} whenever the model is wanted
 *       (as {@link Trainer#fit} does): the models made in between are never handed out, so once the next one
 *       exists a model is unreachable and its parameter arrays become the gradient buffers (and so the
 *       parameters) of the step after — a loop that allocates no parameter-sized arrays. A model handed out by
 *       {@code current()}, and the one given to {@code start}, is never recycled; nor is any model when the
 *       optimizer is not one of the library's ({@link Sgd}, {@link Adam}), which might keep the models it saw.</li>
 * </ul>
 * Every model either way is an ordinary immutable model, and both ways give the same bits. Not thread-safe (it
 * owns the optimizer's state, the scratch and the current model).
 */
public final class TrainingStep {
    private final Loss loss;
    private final Optimizer optimizer;
    private final int threads;
    private final Context.Workspace workspace = new Context.Workspace();
    /** Only the library's optimizers are known to keep no reference to the models they step from. */
    private final boolean recycles;
    /** Only the library's losses are known to keep no reference to the output they are given. */
    private final boolean lossKeepsNothing;
    private Sequential current;
    private boolean currentShared = true;

    /** Uses {@code optimizer} itself (its state advances with every step). */
    public TrainingStep(Loss loss, Optimizer optimizer, int threads) {
        this.loss = Objects.requireNonNull(loss, "loss: expected a loss, got null");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer: expected an optimizer, got null");
        this.threads = Threads.check(threads);
        this.recycles = optimizer instanceof Sgd || optimizer instanceof Adam;
        this.lossKeepsNothing = loss instanceof SoftmaxCrossEntropy || loss instanceof MeanSquaredError
                || loss instanceof MulticlassHinge;
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
        // The output lives in the reused scratch: a loss of the user's, which might keep it, gets its own copy.
        Tensor output = lossKeepsNothing ? pass.output() : Tensor.wrap(pass.output().toArray(), pass.output().shape());
        LossValue value = loss.evaluate(output, batch);
        int correct = batch.hasLabels() ? Trainer.correct(pass.output(), batch.labelsShared()) : 0;
        // The gradients never leave this step, so the optimizer may write the new parameters into their arrays.
        Sequential next = optimizer.step(model, pass.backward(value.gradient(), false).consumed(), learningRateScale);
        return new Result(next, value.value(), correct);
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
        Result r = run(current, batch, seed, learningRateScale);
        workspace.clearSpares();   // those no layer took (a layer that allocates its own): at most one model's worth
        if (!currentShared && recycles) {
            recycleParameters(current, r.model());
        }
        current = r.model();
        currentShared = false;
        return new Outcome(r.loss(), r.correct());
    }

    /** The current model; from now on it is the caller's too, so no later step recycles its arrays. */
    public Sequential current() {
        if (current == null) {
            throw new IllegalStateException("current: expected start(model) first");
        }
        currentShared = true;
        return current;
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
