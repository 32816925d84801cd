package dev.lanewise.bench;

import dev.lanewise.kernels.ops.KernelProvider;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The peers the bench times are first shown to compute the same thing: OpenBLAS's product equals the scalar
 * reference, ONNX Runtime runs the written ONNX model to lanewise's outputs. Skipped (with the reason) where a
 * peer's natives cannot load on this machine.
 */
class PeersTest {

    @ParameterizedTest
    @ValueSource(strings = {"1x1x1:NN", "7x13x5:NN", "64x784x300:NN", "64x300x784:NT", "784x64x300:TN",
            "17x33x19:TT", "127x257x129:NN"})
    void openBlasComputesTheReferenceProduct(String text) {
        var why = OpenBlasGemm.unavailable();
        assumeTrue(why.isEmpty(), () -> "OpenBLAS natives did not load: " + why.orElse(""));
        GemmShape s = GemmShape.parse(text);
        float[] a = BenchData.uniform(1, s.m() * s.k(), -1, 1), b = BenchData.uniform(2, s.k() * s.n(), -1, 1);
        try (OpenBlasGemm blas = new OpenBlasGemm(s, a, b, 1)) {
            blas.run();
            float[] got = blas.result();
            GemmCheck.requireProduct("OpenBLAS", s, a, b, got);
            float[] want = new float[s.m() * s.n()];
            KernelProvider.reference().sgemm(dev.lanewise.kernels.GemmStrategy.NAIVE, 1, s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, s.lda(), b, 0,
                    s.ldb(), 0f, want, 0, s.n());
            GemmCheck.requireProduct("reference", s, a, b, want);
        }
    }

    @Test
    void theProductCheckRejectsAWrongLayout() {
        GemmShape s = GemmShape.parse("16x24x20:NN");
        float[] a = BenchData.uniform(1, s.m() * s.k(), -1, 1), b = BenchData.uniform(2, s.k() * s.n(), -1, 1);
        float[] c = new float[s.m() * s.n()];
        // C computed with B read as transposed: the check must notice.
        KernelProvider.reference().sgemm(dev.lanewise.kernels.GemmStrategy.NAIVE, 1, false, true, s.m(), s.n(), s.k(), 1f, a, 0, s.k(), b, 0, s.k(), 0f, c, 0, s.n());
        assertThatThrownBy(() -> GemmCheck.requireProduct("wrong", s, a, b, c))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrong computed C[");
    }

    @ParameterizedTest
    @ValueSource(strings = {"784-300-10:1", "784-300-10:8", "784-512-256-10:64", "5-3:2"})
    void onnxRuntimeRunsTheWrittenModelToLanewisesOutputs(String text) throws Exception {
        var why = OrtMlp.unavailable();
        assumeTrue(why.isEmpty(), () -> "ONNX Runtime natives did not load: " + why.orElse(""));
        MlpShape shape = MlpShape.parse(text);
        Sequential model = shape.model();
        int in = shape.widths()[0], out = shape.widths()[shape.layers()];
        float[] x = BenchData.uniform(3, shape.batch() * in, -1, 1);
        float[] lanewise = model.apply(Tensor.of(x, shape.batch(), in), 1).toArray();
        try (OrtMlp ort = new OrtMlp(model, x, shape.batch(), in, out)) {
            ort.run();
            float[] peer = ort.result();
            assertThat(peer).hasSize(lanewise.length);
            InferenceBench.requireClose(lanewise, peer, shape);
            assertThat(lanewise).isNotEqualTo(new float[lanewise.length]);
        }
    }

    @Test
    void aLoadFailureBecomesOneLine() {
        var why = Peers.loadFailure(() -> {
            throw new UnsatisfiedLinkError("no libfoo.so in java.library.path\nsecond line");
        });
        assertThat(why).contains("UnsatisfiedLinkError: no libfoo.so in java.library.path");
        assertThat(Peers.loadFailure(() -> { })).isEmpty();
    }
}
