package dev.lanewise.kernels.simd;

import dev.lanewise.kernels.Conv1dGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 1-D convolution as direct, register-tiled kernels (implicit GEMM, as oneDNN's and MLAS's direct
 * convolutions): no im2col. At stride 1 every kernel tap {@code t} reads the input row shifted by
 * {@code t·dilation}, so the "B operand" of the convolution GEMM is the zero-padded input row itself, read at K
 * offsets; only the weights (small) are packed, into {@link #MR}-row panels as BLIS packs A.
 * <ul>
 * <li>forward {@code y[o, j] = b[o] + Σ_{c,t} W[o, c, t] · xp[c, j + t·d]}, xp = x padded by {@code padding};
 * <li>backward input is the same correlation on dy with the flipped, channel-swapped weight
 * {@code W'[c, o, t] = W[o, c, K−1−t]}, dy padded by {@code (K−1)·d − padding};
 * <li>backward weight {@code dW[o, c, t] = Σ_n Σ_j dy[n, o, j] · xp[n, c, j + t·d]}: a dot-form tile of
 * 4 output channels × 4 (channel, tap) rows with the positions in the lanes; lane partial sums are kept across
 * samples in a work buffer and reduced once at the end.
 * </ul>
 * Threads take whole samples (forward, backward input) or whole output channels (backward weight), so every
 * output element is summed by one thread in one fixed order: results are bit-identical across thread counts.
 * Arguments are trusted (the facade checks them).
 */
final class DirectConv1d {
    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = Lanes.L;
    /**
     * Correlation tile: MR output rows × NV vectors of positions, 12 accumulators (fits AVX2's 16 registers). An
     * 8 × 3 tile for AVX-512's 32 registers measured no faster on a Zen 4 host (docs/measurements.md).
     */
    static final int MR = 4;
    static final int NV = 3;
    private static final int NR = NV * L;
    /** Weight-gradient tile: WR output channels × WP (channel, tap) rows. */
    private static final int WR = 4;
    private static final int WP = 4;
    /** Below this many multiply-adds per call the work stays on the calling thread (as the packed GEMM). */
    private static final long PARALLEL_THRESHOLD = PackedGemm.PARALLEL_THRESHOLD;
    /** Largest lane-partial buffer of the weight gradient (floats, 16 MB); larger geometries use im2col. */
    private static final long MAX_PARTIALS = 1L << 22;

    private DirectConv1d() {
    }

    /**
     * Whether these kernels handle the geometry: stride 1, rows long enough that the last NR-wide tile wastes at
     * most an eighth of the work (short rows — MNIST's 28 positions — run faster as im2col with samples side by
     * side in one GEMM), padded rows and partial sums of bounded size.
     */
    static boolean handles(Conv1dGeometry g) {
        long taps = (long) (g.kernelSize() - 1) * g.dilation();
        long pitch = ((long) Math.max(g.length(), g.outputLength()) + NR - 1) / NR * NR + taps;
        long rounded = ((long) g.outputLength() + NR - 1) / NR * NR, inRounded = ((long) g.length() + NR - 1) / NR * NR;
        return g.stride() == 1 && rounded * 7 <= 8L * g.outputLength() && inRounded * 7 <= 8L * g.length()
                && ((long) g.inChannels() + g.outChannels() + WR + MR) * pitch <= Scratch.MAX_FLOATS
                && (long) roundUp(g.outChannels(), WR) * roundUp(g.inChannels() * g.kernelSize(), WP) * L
                <= MAX_PARTIALS;
    }

    static void forward(int threads, Conv1dGeometry g, float[] x, int offX, float[] w, int offW,
                        float[] bias, int offBias, float[] y, int offY) {
        int cin = g.inChannels(), k = g.kernelSize(), cout = g.outChannels(), lout = g.outputLength();
        int rows = cin * k, panels = (cout + MR - 1) / MR;
        int pitch = paddedPitch(lout, k, g.dilation());
        float[] ap = Scratch.take(Scratch.Slot.CONV_WEIGHTS, (long) panels * MR * (rows + 1));
        try {
            int biasAt = panels * MR * rows;
            for (int panel = 0; panel < panels; panel++) {
                for (int r = 0; r < MR; r++) {
                    int o = panel * MR + r;
                    int dst = panel * MR * rows + r;
                    if (o < cout) {
                        for (int p = 0, src = offW + o * rows; p < rows; p++) {
                            ap[dst + p * MR] = w[src + p];
                        }
                    } else {
                        for (int p = 0; p < rows; p++) {
                            ap[dst + p * MR] = 0f;
                        }
                    }
                    ap[biasAt + o] = o < cout ? bias[offBias + o] : 0f;
                }
            }
            forSamples(threads, g, (long) cin * pitch + MR * NR, (n, xp) -> {
                pad(x, offX + n * cin * g.length(), cin, g.length(), g.padding(), xp, pitch);
                correlate(cout, lout, cin, k, g.dilation(), ap, biasAt, xp, pitch, y, offY + n * cout * lout, lout);
            });
        } finally {
            Scratch.give(Scratch.Slot.CONV_WEIGHTS, ap);
        }
    }

    static void backwardInput(int threads, Conv1dGeometry g, float[] dy, int offDy, float[] w, int offW,
                              float[] dx, int offDx) {
        int cin = g.inChannels(), k = g.kernelSize(), cout = g.outChannels(), lout = g.outputLength();
        int len = g.length(), d = g.dilation();
        int rows = cout * k, panels = (cin + MR - 1) / MR;
        int pitch = paddedPitch(len, k, d);
        float[] ap = Scratch.take(Scratch.Slot.CONV_WEIGHTS, (long) panels * MR * (rows + 1));
        try {
            int biasAt = panels * MR * rows;
            // W'[c, (o, t)] = W[o, c, K-1-t], packed in MR-row panels of c.
            for (int panel = 0; panel < panels; panel++) {
                for (int r = 0; r < MR; r++) {
                    int c = panel * MR + r;
                    int dst = panel * MR * rows + r;
                    for (int o = 0; o < cout; o++) {
                        for (int t = 0; t < k; t++) {
                            ap[dst + (o * k + t) * MR] = c < cin ? w[offW + (o * cin + c) * k + (k - 1 - t)] : 0f;
                        }
                    }
                    ap[biasAt + c] = 0f;
                }
            }
            int shift = (k - 1) * d - g.padding();
            forSamples(threads, g, (long) cout * pitch + MR * NR, (n, dyp) -> {
                pad(dy, offDy + n * cout * lout, cout, lout, shift, dyp, pitch);
                correlate(cin, len, cout, k, d, ap, biasAt, dyp, pitch, dx, offDx + n * cin * len, len);
            });
        } finally {
            Scratch.give(Scratch.Slot.CONV_WEIGHTS, ap);
        }
    }

    static void backwardWeight(int threads, Conv1dGeometry g, float[] x, int offX, float[] dy, int offDy,
                               float[] dw, int offDw) {
        int cin = g.inChannels(), k = g.kernelSize(), cout = g.outChannels();
        int rows = cin * k, prows = roundUp(rows, WP), blocks = (cout + WR - 1) / WR;
        if (g.batch() == 0) {
            java.util.Arrays.fill(dw, offDw, offDw + g.weightSize(), 0f);
            return;
        }
        float[] partials = Scratch.take(Scratch.Slot.CONV_PARTIALS, (long) blocks * WR * prows * L);
        try {
            int parts = work(g) < PARALLEL_THRESHOLD ? 1 : Math.min(threads, blocks);
            if (parts <= 1) {
                weightBlocks(g, x, offX, dy, offDy, partials, 0, blocks);
            } else {
                ParallelParts.run(parts, part -> weightBlocks(g, x, offX, dy, offDy, partials,
                        (int) ((long) blocks * part / parts), (int) ((long) blocks * (part + 1) / parts)));
            }
            for (int o = 0; o < cout; o++) {
                for (int p = 0; p < rows; p++) {
                    // VectorMath.sum, not reduceLanes(ADD): its order differs between C2 and the interpreter.
                    dw[offDw + o * rows + p] = VectorMath.sum(FloatVector.fromArray(F, partials, (o * prows + p) * L));
                }
            }
        } finally {
            Scratch.give(Scratch.Slot.CONV_PARTIALS, partials);
        }
    }

    /**
     * Lane partial sums of dW for the output-channel blocks [from, to) (WR channels each), over every sample in
     * order: per sample, x and dy are copied into padded rows (whole vectors, zeros past the end), then every
     * WR × WP tile adds its products. Partials are laid out {@code [(o·prows + p)·L + lane]}.
     */
    private static void weightBlocks(Conv1dGeometry g, float[] x, int offX, float[] dy, int offDy,
                                     float[] partials, int from, int to) {
        if (from >= to) {
            return;
        }
        int cin = g.inChannels(), k = g.kernelSize(), cout = g.outChannels(), lout = g.outputLength();
        int rows = cin * k, prows = roundUp(rows, WP), d = g.dilation();
        int dpitch = roundUp(lout, L), pitch = dpitch + (k - 1) * d;
        int xSize = cin * pitch, oFrom = from * WR, oTo = to * WR;
        float[] work = Scratch.take(Scratch.Slot.CONV_PADDED, (long) xSize + (long) (oTo - oFrom) * dpitch);
        try {
            java.util.Arrays.fill(partials, oFrom * prows * L, oTo * prows * L, 0f);
            for (int n = 0; n < g.batch(); n++) {
                pad(x, offX + n * cin * g.length(), cin, g.length(), g.padding(), work, pitch);
                int valid = Math.max(0, Math.min(cout, oTo) - oFrom);
                pad(dy, offDy + (n * cout + oFrom) * lout, valid, lout, 0, work, xSize, dpitch);
                java.util.Arrays.fill(work, xSize + valid * dpitch, xSize + (oTo - oFrom) * dpitch, 0f);
                for (int o0 = oFrom; o0 < oTo; o0 += WR) {
                    int y0 = xSize + (o0 - oFrom) * dpitch;
                    for (int p0 = 0; p0 < prows; p0 += WP) {
                        weightTile(dpitch, work, y0, dpitch, pitch, rowBase(p0, rows, k, d, pitch),
                                rowBase(p0 + 1, rows, k, d, pitch), rowBase(p0 + 2, rows, k, d, pitch),
                                rowBase(p0 + 3, rows, k, d, pitch), partials, (o0 * prows + p0) * L, prows * L);
                    }
                }
            }
        } finally {
            Scratch.give(Scratch.Slot.CONV_PADDED, work);
        }
    }

    /**
     * Adds to the lane partials at {@code partials[e + r·rowStep + q·L ..]} (r < WR output channels, q < WP rows)
     * the products of the padded dy rows {@code w[y0 + r·dpitch ..]} and the shifted padded input rows
     * {@code w[xq ..]} over the {@code len} (whole vectors) positions. Mask-free and small enough for C1's tier 3.
     */
    private static void weightTile(int len, float[] w, int y0, int dpitch, int pitch, int x0, int x1, int x2, int x3,
                                   float[] partials, int e, int rowStep) {
        FloatVector s00 = FloatVector.zero(F), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int y1 = y0 + dpitch, y2 = y1 + dpitch, y3 = y2 + dpitch;
        for (int j = 0; j < len; j += L) {
            FloatVector a0 = FloatVector.fromArray(F, w, y0 + j), a1 = FloatVector.fromArray(F, w, y1 + j);
            FloatVector a2 = FloatVector.fromArray(F, w, y2 + j), a3 = FloatVector.fromArray(F, w, y3 + j);
            FloatVector b = FloatVector.fromArray(F, w, x0 + j);
            s00 = a0.fma(b, s00);
            s10 = a1.fma(b, s10);
            s20 = a2.fma(b, s20);
            s30 = a3.fma(b, s30);
            b = FloatVector.fromArray(F, w, x1 + j);
            s01 = a0.fma(b, s01);
            s11 = a1.fma(b, s11);
            s21 = a2.fma(b, s21);
            s31 = a3.fma(b, s31);
            b = FloatVector.fromArray(F, w, x2 + j);
            s02 = a0.fma(b, s02);
            s12 = a1.fma(b, s12);
            s22 = a2.fma(b, s22);
            s32 = a3.fma(b, s32);
            b = FloatVector.fromArray(F, w, x3 + j);
            s03 = a0.fma(b, s03);
            s13 = a1.fma(b, s13);
            s23 = a2.fma(b, s23);
            s33 = a3.fma(b, s33);
        }
        // Written out (a vector handed to a call that is not inlined would be boxed).
        s00.add(FloatVector.fromArray(F, partials, e)).intoArray(partials, e);
        s01.add(FloatVector.fromArray(F, partials, e + L)).intoArray(partials, e + L);
        s02.add(FloatVector.fromArray(F, partials, e + 2 * L)).intoArray(partials, e + 2 * L);
        s03.add(FloatVector.fromArray(F, partials, e + 3 * L)).intoArray(partials, e + 3 * L);
        e += rowStep;
        s10.add(FloatVector.fromArray(F, partials, e)).intoArray(partials, e);
        s11.add(FloatVector.fromArray(F, partials, e + L)).intoArray(partials, e + L);
        s12.add(FloatVector.fromArray(F, partials, e + 2 * L)).intoArray(partials, e + 2 * L);
        s13.add(FloatVector.fromArray(F, partials, e + 3 * L)).intoArray(partials, e + 3 * L);
        e += rowStep;
        s20.add(FloatVector.fromArray(F, partials, e)).intoArray(partials, e);
        s21.add(FloatVector.fromArray(F, partials, e + L)).intoArray(partials, e + L);
        s22.add(FloatVector.fromArray(F, partials, e + 2 * L)).intoArray(partials, e + 2 * L);
        s23.add(FloatVector.fromArray(F, partials, e + 3 * L)).intoArray(partials, e + 3 * L);
        e += rowStep;
        s30.add(FloatVector.fromArray(F, partials, e)).intoArray(partials, e);
        s31.add(FloatVector.fromArray(F, partials, e + L)).intoArray(partials, e + L);
        s32.add(FloatVector.fromArray(F, partials, e + 2 * L)).intoArray(partials, e + 2 * L);
        s33.add(FloatVector.fromArray(F, partials, e + 3 * L)).intoArray(partials, e + 3 * L);
    }

    private static int roundUp(int n, int unit) {
        return (n + unit - 1) / unit * unit;
    }

    /** Start of (channel, tap) row p in padded rows; rows past the last repeat it (their sums are never read). */
    private static int rowBase(int p, int rows, int k, int d, int pitch) {
        int q = Math.min(p, rows - 1);
        return (q / k) * pitch + (q % k) * d;
    }

    /** Per-channel pitch of a padded row: whole NR tiles of the output plus the span of the taps. */
    private static int paddedPitch(int outLength, int k, int d) {
        return (outLength + NR - 1) / NR * NR + (k - 1) * d;
    }

    /**
     * Copies rows {@code src[off + c·length .. +length)} of {@code channels} channels into {@code dst[c·pitch ..]}
     * shifted right by {@code shift} (negative drops leading elements), zeros elsewhere in the pitch.
     */
    private static void pad(float[] src, int off, int channels, int length, int shift, float[] dst, int pitch) {
        pad(src, off, channels, length, shift, dst, 0, pitch);
    }

    /** As {@link #pad(float[], int, int, int, int, float[], int)}, the rows starting at {@code dst[at]}. */
    private static void pad(float[] src, int off, int channels, int length, int shift, float[] dst, int at,
                            int pitch) {
        int from = Math.max(0, -shift), to = Math.min(length, pitch - shift);
        for (int c = 0; c < channels; c++) {
            int row = at + c * pitch;
            if (to <= from) {
                java.util.Arrays.fill(dst, row, row + pitch, 0f);
                continue;
            }
            int start = row + from + shift, end = row + to + shift;
            java.util.Arrays.fill(dst, row, start, 0f);
            System.arraycopy(src, off + c * length + from, dst, start, to - from);
            java.util.Arrays.fill(dst, end, row + pitch, 0f);
        }
    }

    interface SampleWork {
        void run(int n, float[] padded);
    }

    /**
     * Runs {@code work} for every sample, each part with its own padded buffer of {@code paddedSize} floats. With
     * threads, samples go out in up to {@link #PARTS_PER_THREAD} parts per thread, so the caller can take over what
     * a late helper has not started (on a 2-core host no measurable difference at 32 samples; it costs nothing).
     */
    private static void forSamples(int threads, Conv1dGeometry g, long paddedSize, SampleWork work) {
        int batch = g.batch();
        int used = work(g) < PARALLEL_THRESHOLD ? 1 : Math.min(threads, batch);
        if (used <= 1) {
            samples(0, batch, paddedSize, work);
            return;
        }
        int parts = Math.min(batch, PARTS_PER_THREAD * used);
        ParallelParts.run(parts, used, part -> samples((int) ((long) batch * part / parts),
                (int) ((long) batch * (part + 1) / parts), paddedSize, work));
    }

    /** Parts per thread when samples are split (see {@link #forSamples}). */
    private static final int PARTS_PER_THREAD = 4;

    private static void samples(int from, int to, long paddedSize, SampleWork work) {
        if (from >= to) {
            return;
        }
        float[] padded = Scratch.take(Scratch.Slot.CONV_PADDED, paddedSize);
        try {
            for (int n = from; n < to; n++) {
                work.run(n, padded);
            }
        } finally {
            Scratch.give(Scratch.Slot.CONV_PADDED, padded);
        }
    }

    /** Multiply-adds of one pass. */
    private static long work(Conv1dGeometry g) {
        return (long) g.batch() * g.outChannels() * g.inChannels() * g.kernelSize() * g.outputLength();
    }

    /**
     * {@code out[offOut + o·ldo + j] = ap[biasAt + o] + Σ_{c<channels, t<k} A[o, c·k + t] · in[c·pitch + t·d + j]}
     * for o < outRows, j < outLen; A packed in MR-row panels. {@code in} holds whole NR tiles past outLen and, after
     * the {@code channels} rows, MR·NR floats for edge tiles.
     */
    private static void correlate(int outRows, int outLen, int channels, int k, int d, float[] ap, int biasAt,
                                  float[] in, int pitch, float[] out, int offOut, int ldo) {
        int rows = channels * k, edge = channels * pitch;
        for (int j0 = 0; j0 < outLen; j0 += NR) {
            int cols = Math.min(NR, outLen - j0);
            for (int o0 = 0, a0 = 0; o0 < outRows; o0 += MR, a0 += MR * rows) {
                int ro = Math.min(MR, outRows - o0);
                boolean whole = ro == MR && cols == NR;
                // An edge tile goes whole into the edge area after the padded rows, then its valid part out.
                float[] dst = whole ? out : in;
                int at = whole ? offOut + o0 * ldo + j0 : edge, ld = whole ? ldo : NR;
                tile(channels, k, d, ap, a0, biasAt + o0, in, pitch, j0, dst, at, ld);
                if (!whole) {
                    for (int r = 0; r < ro; r++) {
                        System.arraycopy(in, edge + r * NR, out, offOut + (o0 + r) * ldo + j0, cols);
                    }
                }
            }
        }
    }

    /**
     * One whole MR × NR tile of {@link #correlate} into {@code out[o + r·ldo + j]}. Kept small and mask-free: C1's
     * tier-3 compile of a larger form failed ("out of virtual registers"), which left it stuck in slow tier-2 code.
     */
    private static void tile(int channels, int k, int d, float[] ap, int a0, int b0, float[] in, int pitch, int j0,
                             float[] out, int o, int ldo) {
        FloatVector c00 = FloatVector.broadcast(F, ap[b0]), c01 = c00, c02 = c00;
        FloatVector c10 = FloatVector.broadcast(F, ap[b0 + 1]), c11 = c10, c12 = c10;
        FloatVector c20 = FloatVector.broadcast(F, ap[b0 + 2]), c21 = c20, c22 = c20;
        FloatVector c30 = FloatVector.broadcast(F, ap[b0 + 3]), c31 = c30, c32 = c30;
        int ao = a0;
        for (int c = 0; c < channels; c++) {
            for (int t = 0, i = c * pitch + j0; t < k; t++, i += d, ao += MR) {
                FloatVector x0 = FloatVector.fromArray(F, in, i);
                FloatVector x1 = FloatVector.fromArray(F, in, i + L);
                FloatVector x2 = FloatVector.fromArray(F, in, i + 2 * L);
                FloatVector a = FloatVector.broadcast(F, ap[ao]);
                c00 = x0.fma(a, c00);
                c01 = x1.fma(a, c01);
                c02 = x2.fma(a, c02);
                a = FloatVector.broadcast(F, ap[ao + 1]);
                c10 = x0.fma(a, c10);
                c11 = x1.fma(a, c11);
                c12 = x2.fma(a, c12);
                a = FloatVector.broadcast(F, ap[ao + 2]);
                c20 = x0.fma(a, c20);
                c21 = x1.fma(a, c21);
                c22 = x2.fma(a, c22);
                a = FloatVector.broadcast(F, ap[ao + 3]);
                c30 = x0.fma(a, c30);
                c31 = x1.fma(a, c31);
                c32 = x2.fma(a, c32);
            }
        }
        c00.intoArray(out, o);
        c01.intoArray(out, o + L);
        c02.intoArray(out, o + 2 * L);
        c10.intoArray(out, o + ldo);
        c11.intoArray(out, o + ldo + L);
        c12.intoArray(out, o + ldo + 2 * L);
        c20.intoArray(out, o + 2 * ldo);
        c21.intoArray(out, o + 2 * ldo + L);
        c22.intoArray(out, o + 2 * ldo + 2 * L);
        c30.intoArray(out, o + 3 * ldo);
        c31.intoArray(out, o + 3 * ldo + L);
        c32.intoArray(out, o + 3 * ldo + 2 * L);
    }
}
