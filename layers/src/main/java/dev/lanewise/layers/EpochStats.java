package dev.lanewise.layers;

/**
 * One epoch of training: mean training loss and accuracy (over the epoch's training-mode outputs), validation
 * loss and accuracy (evaluation mode, after the epoch), wall time and training throughput. Accuracies are
 * fractions in [0, 1], NaN for regression losses; validation values are NaN without validation data.
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, double seconds, double samplesPerSecond, float learningRate) {
}
