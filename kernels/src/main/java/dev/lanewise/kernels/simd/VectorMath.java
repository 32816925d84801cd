package dev.lanewise.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reproducible vector math: exp, tanh and lane sums built only from IEEE lanewise operations (add, mul, fma,
 * compare, blend, constant shuffles, integer shifts). The Vector API's own {@code EXP}/{@code TANH} are SVML or
 * libm stubs in C2-compiled code but a per-lane {@code Math} loop in interpreted and C1 code, and
 * {@code reduceLanes(ADD)} leaves the order unspecified, so a kernel using them can return different bits for
 * the same input before and after JIT compilation — which breaks bit-identical training. These give the same
 * bits in every execution mode.
 */
final class VectorMath {
    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = Lanes.L;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2²³: adding it rounds to an integer held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;

    private static final VectorShuffle<Float> SWAP8 = L >= 16 ? Lanes.swapBlocks(8) : null;
    private static final VectorShuffle<Float> SWAP4 = L >= 8 ? Lanes.swapBlocks(4) : null;
    private static final VectorShuffle<Float> SWAP2 = L >= 4 ? Lanes.swapBlocks(2) : null;
    private static final VectorShuffle<Float> SWAP1 = Lanes.swapBlocks(1);

    private VectorMath() {
    }

    /**
     * e^x per lane (Cephes expf: n = round(x·log₂e), r = x − n·ln2 in two parts, degree-6 polynomial, then
     * scaling by 2^n in two exact power-of-two factors so subnormal results round once). Within 2 ulp;
     * x ≥ 89 gives +∞, x ≤ −104 gives 0, NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-104f).min(89f);
        FloatVector t = c.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_LO), n.fma(FloatVector.broadcast(F, -LN2_HI), c));
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f)
                .fma(r, FloatVector.broadcast(F, 8.3334519073e-3f))
                .fma(r, FloatVector.broadcast(F, 4.1665795894e-2f))
                .fma(r, FloatVector.broadcast(F, 1.6666665459e-1f))
                .fma(r, FloatVector.broadcast(F, 5.0000001201e-1f));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector ni = (IntVector) t.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector k = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = ni.sub(k).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(s1).mul(s2);
    }

    /**
     * tanh per lane: the Cephes tanhf odd polynomial for |x| < 0.625, else sign(x)·(1 − 2 / (e^{2|x|} + 1)),
     * which is ±1 once e^{2|x|} overflows. NaN stays NaN.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector small = z.fma(-5.70498872745e-3f, 2.06390887954e-2f)
                .fma(z, FloatVector.broadcast(F, -5.37397155531e-2f))
                .fma(z, FloatVector.broadcast(F, 1.33314422036e-1f))
                .fma(z, FloatVector.broadcast(F, -3.33332819422e-1f))
                .mul(z).fma(x, x);
        FloatVector e = exp(a.add(a));
        FloatVector large = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(e.add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        return large.blend(small, a.compare(VectorOperators.LT, 0.625f).or(x.test(VectorOperators.IS_NAN)));
    }

    /** Sum of the lanes in a fixed butterfly order (halves, quarters, …), the same bits in every mode. */
    static float sum(FloatVector v) {
        if (L >= 16) {
            v = v.add(v.rearrange(SWAP8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(SWAP4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(SWAP2));
        }
        v = v.add(v.rearrange(SWAP1));
        return v.lane(0);
    }
}
