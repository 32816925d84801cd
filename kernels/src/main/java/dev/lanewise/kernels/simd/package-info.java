/**
 * Vector API implementations behind the public facades. Internal: not exported, and the only package that
 * may touch {@code jdk.incubator.vector}. Methods here trust their arguments; the facades check them.
 */
package dev.lanewise.kernels.simd;
