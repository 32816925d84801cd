package dev.lanewise.layers;

import java.util.List;

/**
 * What {@link Trainer#fit} did: per-epoch statistics, the model after the last epoch and the model of the best
 * validation epoch (highest accuracy for classification, lowest loss for regression; the training loss decides
 * when there is no validation data; the earlier epoch wins ties). With zero epochs both models are the input.
 * {@code optimizerState} is the optimizer's state after the last step: it continues {@code finalModel}.
 */
public record History(List<EpochStats> epochs, Sequential finalModel, Sequential bestModel, int bestEpoch,
                      OptimizerState optimizerState) {
    public History {
        epochs = List.copyOf(epochs);
        java.util.Objects.requireNonNull(optimizerState, "optimizerState: expected a state, got null");
    }
}
