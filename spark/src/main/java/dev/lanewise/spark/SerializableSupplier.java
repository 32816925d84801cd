package dev.lanewise.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A factory Spark can ship to executors: lanewise's losses and optimizers are plain objects, not
 * {@link Serializable}, so the training and evaluation jobs take how to make them instead — a lambda or a method
 * reference, e.g. {@code () -> Sgd.builder().learningRate(0.1f).build()} or {@code SoftmaxCrossEntropy::new}.
 * Everything the lambda captures must be serializable too.
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {
}
