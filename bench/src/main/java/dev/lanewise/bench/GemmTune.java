package dev.lanewise.bench;

import dev.lanewise.kernels.CacheSizes;
import dev.lanewise.kernels.Gemm;
import dev.lanewise.kernels.GemmBlocking;
import dev.lanewise.kernels.Vectorization;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;

/**
 * Sweeps the packed GEMM's register tile (MR × NR/lanes), KC and MC on this CPU; the launcher prints the fastest
 * combination as the {@code -Dlanewise.gemm.*} properties to set. Run it with
 * {@code mvn -pl bench jmh:run -Djmh.args="GemmTune"} (narrow it with {@code -p kc=…} to save time). MC is
 * rounded down to a multiple of MR; NC keeps its cache-derived default.
 */
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class GemmTune extends KernelBench {

    @Param({"1024x1024x1024:NN"})
    public String shape;

    @Param({"6x2", "8x2", "4x3"})
    public String tile;

    @Param({"96", "128", "192", "256", "384"})
    public int kc;

    @Param({"240", "480", "960"})
    public int mc;

    private GemmShape s;
    private GemmBlocking blocking;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        s = GemmShape.parse(shape);
        blocking = blocking(tile, kc, mc);
        a = BenchData.uniform(1, s.m() * s.k(), -1, 1);
        b = BenchData.uniform(2, s.k() * s.n(), -1, 1);
        c = new float[s.m() * s.n()];
    }

    static GemmBlocking blocking(String tile, int kc, int mc) {
        String[] t = tile.split("x");
        int mr = Integer.parseInt(t[0]);
        int nr = Integer.parseInt(t[1]) * Vectorization.floatLanes();
        int nc = GemmBlocking.derive(mr, nr, CacheSizes.detect()).nc();
        return new GemmBlocking(mr, nr, kc, Math.max(mr, mc / mr * mr), nc);
    }

    @Benchmark
    public float[] packed() {
        Gemm.sgemm(blocking, 1, s.transA(), s.transB(), s.m(), s.n(), s.k(),
                1f, a, 0, s.lda(), b, 0, s.ldb(), 0f, c, 0, s.n());
        return c;
    }

    /** 2mnk per operation. */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.flops(GemmShape.parse(params.get("shape")).flops());
    }
}
