package dev.lanewise.layers;

/** A loss value (mean over the batch) and its gradient by the model output. */
public record LossValue(double value, Tensor gradient) {
}
