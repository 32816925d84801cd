/**
 * The kernel-operations interface ({@link dev.lanewise.kernels.ops.KernelOps}), its reference implementation and
 * the provider that chooses one implementation per JVM. Internal: not exported; every method trusts its arguments,
 * the public facades in {@code dev.lanewise.kernels} check them first.
 */
package dev.lanewise.kernels.ops;
