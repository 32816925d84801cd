/**
 * Plain-loop reference twins of every kernel: readable, obviously correct, never optimized. Tests use them as
 * the truth, benchmarks as the scalar baseline, and the provider as the implementation when the Vector API is not
 * available. Internal (not exported): they trust their arguments; reach them through
 * {@code dev.lanewise.kernels.ops.KernelProvider#reference()}, and check arguments with the public facades.
 */
package dev.lanewise.kernels.reference;
