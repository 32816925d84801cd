/**
 * lanewise kernels: vectorized float32 kernels on the JDK Vector API, each with a plain-loop reference twin
 * in {@code dev.lanewise.kernels.reference}. Row-major {@code float[]} + offset + leading dimension everywhere.
 */
module dev.lanewise.kernels {
    requires jdk.incubator.vector;

    exports dev.lanewise.kernels;
    exports dev.lanewise.kernels.reference;
}
