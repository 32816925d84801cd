package dev.lanewise.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.util.Optional;

/**
 * OpenBLAS's {@code cblas_sgemm} on one benchmark problem: row-major copies of the same A and B in native memory
 * (allocated once, as a native caller would hold them), C written there. OpenBLAS runs with the benchmark's thread
 * count ({@code blas_set_num_threads}); its natives come from bytedeco's {@code openblas-platform} jars.
 */
final class OpenBlasGemm implements AutoCloseable {
    private final GemmShape s;
    private final FloatPointer a;
    private final FloatPointer b;
    private final FloatPointer c;

    OpenBlasGemm(GemmShape s, float[] a, float[] b, int threads) {
        this.s = s;
        openblas_nolapack.blas_set_num_threads(threads);
        this.a = new FloatPointer(a);
        this.b = new FloatPointer(b);
        this.c = new FloatPointer((long) s.m() * s.n());
    }

    /** C = A·B (alpha 1, beta 0) with the shape's transposes. */
    void run() {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                s.transA() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                s.transB() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                s.m(), s.n(), s.k(), 1f, a, s.lda(), b, s.ldb(), 0f, c, s.n());
    }

    /** C as last computed. */
    float[] result() {
        float[] out = new float[s.m() * s.n()];
        c.get(out);
        return out;
    }

    @Override
    public void close() {
        a.close();
        b.close();
        c.close();
    }

    /** Why OpenBLAS cannot run in this JVM (its natives failed to load), or empty when it can. */
    static Optional<String> unavailable() {
        return Peers.loadFailure(() -> org.bytedeco.javacpp.Loader.load(openblas_nolapack.class));
    }
}
