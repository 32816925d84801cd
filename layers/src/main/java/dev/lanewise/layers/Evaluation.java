package dev.lanewise.layers;

/** Loss and accuracy (NaN for regression) of a model on a dataset, in evaluation mode. */
public record Evaluation(double loss, double accuracy, int samples) {
}
