package dev.lanewise.bench;

import dev.lanewise.kernels.Gemm;
import dev.lanewise.kernels.PackedMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;

/**
 * C = A·B (alpha 1, beta 0) for every strategy; NAIVE is the scalar reference. Shapes: squares, the MNIST MLP's
 * forward (batch×in×out) as NN and as a Linear layer runs it ({@code x·Wᵀ}, NT: 64x300x784, which packs all
 * of Wᵀ on every call), its backward dW = Xᵀ·dZ (TN) and dX = dZ·Wᵀ (NT), and a ragged one.
 *
 * <p>{@code PREPACKED} packs B once in the set-up ({@code PackedMatrix}, as a Linear layer holds its weight) and
 * times the product alone. {@code OPENBLAS} runs OpenBLAS's {@code cblas_sgemm} on copies of the same A and B in native memory, with
 * the same thread count, after checking once that it computes the same C ({@link GemmCheck}); the summary shows
 * every lanewise row against it. Where its natives cannot load, the launcher drops its rows with one line.
 */
public class GemmBench extends KernelBench {

    @Param({"64x64x64:NN", "128x128x128:NN", "256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN",
            "2048x2048x2048:NN", "256x784x512:NN", "256x512x256:NN", "256x256x10:NN", "64x784x300:NN", "64x300x784:NT",
            "64x300x10:NN", "784x256x512:TN", "256x512x784:NT", "127x257x129:NN"})
    public String shape;

    @Param
    public GemmVariant strategy;

    @Param("1")
    public int threads;

    private GemmShape s;
    private float[] a;
    private float[] b;
    private float[] c;
    private OpenBlasGemm openBlas;
    private PackedMatrix packedB;

    @Setup
    public void setUp() {
        s = GemmShape.parse(shape);
        a = BenchData.uniform(1, s.m() * s.k(), -1, 1);
        b = BenchData.uniform(2, s.k() * s.n(), -1, 1);
        c = new float[s.m() * s.n()];
        if (strategy == GemmVariant.OPENBLAS) {
            openBlas = new OpenBlasGemm(s, a, b, threads);
            openBlas.run();
            GemmCheck.requireProduct("OpenBLAS", s, a, b, openBlas.result());
        } else if (strategy == GemmVariant.PREPACKED) {
            packedB = PackedMatrix.packB(s.transB(), s.k(), s.n(), b, 0, s.ldb());
        }
    }

    @TearDown
    public void tearDown() {
        if (openBlas != null) {
            openBlas.close();
            openBlas = null;
        }
    }

    @Benchmark
    public Object sgemm() {
        if (openBlas != null) {
            openBlas.run();
            return openBlas;
        }
        if (packedB != null) {
            Gemm.sgemm(threads, s.transA(), s.m(), 1f, a, 0, s.lda(), packedB, 0f, c, 0, s.n());
            return c;
        }
        Gemm.sgemm(strategy.kernelStrategy(), threads, s.transA(), s.transB(), s.m(), s.n(), s.k(),
                1f, a, 0, s.lda(), b, 0, s.ldb(), 0f, c, 0, s.n());
        return c;
    }

    /** 2mnk per operation. */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.flops(GemmShape.parse(params.get("shape")).flops());
    }
}
