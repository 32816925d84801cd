/**
 * Plain-loop reference twins of every kernel: readable, obviously correct, never optimized. Tests use them as
 * the truth, benchmarks as the scalar baseline, and the facades as the fallback when the Vector API is not
 * available. They trust their arguments: the public facades in {@code dev.lanewise.kernels} check them.
 */
package dev.lanewise.kernels.reference;
