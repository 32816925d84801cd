/**
 * lanewise kernels: vectorized float32 kernels on the JDK Vector API, each with a plain-loop reference twin.
 * Row-major {@code float[]} + offset + leading dimension everywhere. Only the checked facades of
 * {@code dev.lanewise.kernels} are exported; the trusting implementations ({@code ops}, {@code reference},
 * {@code simd}) are not.
 */
module dev.lanewise.kernels {
    requires jdk.incubator.vector;
    // To ask HotSpot whether C2 is on (-Xint, -XX:TieredStopAtLevel); absent in a trimmed runtime, then java.vm.info.
    requires static java.management;
    requires static jdk.management;

    exports dev.lanewise.kernels;
}
