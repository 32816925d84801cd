package dev.lanewise.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Threads;

import java.util.Map;

/**
 * This machine's FMA ceiling on the preferred float species: {@value #CHAINS} independent multiply-add chains
 * (enough to hide a 4-cycle FMA latency on two pipes, few enough to stay in 16 registers), {@value #STEPS} steps
 * each. The loop is the kernel being measured here, so it lives inside the benchmark method.
 */
public class PeakFlops extends KernelBench {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int CHAINS = 12;
    static final int STEPS = 4096;

    /** Floating-point operations in one call: an FMA counts as two per lane. */
    public static double flopsPerOp() {
        return 2.0 * CHAINS * STEPS * F.length();
    }

    private final float scale = 0.999999f;
    private final float shift = 1e-6f;

    @Benchmark
    @Threads(1)
    public float singleThread() {
        return chains();
    }

    @Benchmark
    @Threads(Threads.MAX)
    public float allThreads() {
        return chains();
    }

    // Compiled on its own rather than inlined into JMH's measurement loop: inlined there, C2 recompiled it
    // into code 2.25× slower than the standalone compile (30.3 vs 13.4 µs/op on the AVX-512 host).
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private float chains() {
        FloatVector x = FloatVector.broadcast(F, scale);
        FloatVector y = FloatVector.broadcast(F, shift);
        FloatVector a0 = FloatVector.broadcast(F, 1f), a1 = a0.add(1f), a2 = a0.add(2f), a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f), a5 = a0.add(5f), a6 = a0.add(6f), a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f), a9 = a0.add(9f), a10 = a0.add(10f), a11 = a0.add(11f);
        for (int s = 0; s < STEPS; s++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** The FMA chains' flops: the peak every FLOP rate is compared with. */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.peakFlops(flopsPerOp());
    }
}
