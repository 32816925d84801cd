package dev.lanewise.kernels;

/** The activations the fused bias kernel applies. */
public enum Activation {
    /** y = z + b. */
    IDENTITY,
    /** y = max(z + b, 0); NaN stays NaN. */
    RELU
}
