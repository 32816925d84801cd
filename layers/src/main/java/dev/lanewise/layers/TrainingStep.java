package dev.lanewise.layers;

import java.util.Objects;

/**
 * One optimization step at a time, for custom training loops: forward (training mode), loss, backward without
 * the input gradient, optimizer step. Activation arrays are reused from step to step and the new parameters are
 * written into the step's own gradient arrays, so a step allocates little more than one parameter-sized set.
 * The passes of a step never escape it; the model it
 * returns is an ordinary immutable model. Not thread-safe (it owns the optimizer's state and the scratch).
 */
public final class TrainingStep {
    private final Loss loss;
    private final Optimizer optimizer;
    private final int threads;
    private final Context.Workspace workspace = new Context.Workspace();

    /** Uses {@code optimizer} itself (its state advances with every step). */
    public TrainingStep(Loss loss, Optimizer optimizer, int threads) {
        this.loss = Objects.requireNonNull(loss, "loss: expected a loss, got null");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer: expected an optimizer, got null");
        this.threads = Threads.check(threads);
    }

    /** What one step did: the next model, the batch's mean loss and its correct predictions (0 for regression). */
    public record Result(Sequential model, double loss, int correct) {
    }

    /** One step on {@code batch}; {@code seed} draws this step's dropout masks. */
    public Result run(Sequential model, Batch batch, long seed, float learningRateScale) {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(batch, "batch: expected a batch, got null");
        workspace.reset();
        ForwardPass pass = model.forward(batch.inputs(), new Context(seed, threads, 0, workspace));
        LossValue value = loss.evaluate(pass.output(), batch);
        int correct = batch.hasLabels() ? Trainer.correct(pass.output(), batch.labelsShared()) : 0;
        // The gradients never leave this step, so the optimizer may write the new parameters into their arrays.
        Sequential next = optimizer.step(model, pass.backward(value.gradient(), false).consumed(), learningRateScale);
        return new Result(next, value.value(), correct);
    }
}
