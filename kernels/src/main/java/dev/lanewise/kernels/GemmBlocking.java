package dev.lanewise.kernels;

import dev.lanewise.kernels.simd.MicroKernel;

import java.util.List;

/**
 * Blocking of the {@link GemmStrategy#PACKED} GEMM for one species width, as BLIS keeps one context per ISA:
 * the register tile {@code mr × nr} of the micro-kernel (nr a multiple of the float lanes), {@code kc} (depth of
 * one packed panel pair), {@code mc} (rows of A packed per block) and {@code nc} (columns of B packed per panel).
 *
 * <p>Defaults follow the BLIS analysis: the micro-panel of B ({@code kc × nr} floats), reused by every MR-row
 * panel of A, fills L1d; the packed block of A ({@code mc × kc}) takes at most half of L2; the packed panel of B
 * ({@code kc × nc}) at most half of this core's share of L3 (filling L1d beat half of it: docs/measurements.md;
 * for products whose C exceeds L2, {@link #forProduct} doubles kc). System properties {@code lanewise.gemm.mr}, {@code .nr}, {@code .kc},
 * {@code .mc}, {@code .nc} override them (the bench's GEMM tuner prints the best values for this machine).
 */
public record GemmBlocking(int mr, int nr, int kc, int mc, int nc) {

    /** A register tile: MR rows × NR / lanes vectors. */
    public record Tile(int rows, int vectors) {
        @Override
        public String toString() {
            return rows + "x" + vectors;
        }
    }

    /** The tiles that have a micro-kernel (from the registry that binds each tile to its kernel). */
    public static final List<Tile> TILES = java.util.Arrays.stream(MicroKernel.values())
            .map(k -> new Tile(k.rows(), k.vectors())).toList();

    /** Validates the tile against the micro-kernels of {@code lanes}-wide vectors and the block sizes. */
    public GemmBlocking {
        Checks.positive(mr, "mr");
        Checks.positive(nr, "nr");
        Checks.positive(kc, "kc");
        Checks.positive(mc, "mc");
        Checks.positive(nc, "nc");
        if (mc % mr != 0 || nc % nr != 0) {
            throw new IllegalArgumentException("mc and nc: expected multiples of mr " + mr + " and nr " + nr
                    + ", got mc " + mc + ", nc " + nc);
        }
    }

    /** Checks that a micro-kernel exists for this tile at {@code lanes} float lanes. */
    public GemmBlocking requireTileFor(int lanes) {
        if (MicroKernel.of(mr, nr, lanes) == null) {
            throw new IllegalArgumentException("gemm tile: expected mr x (nr / " + lanes + " lanes) among "
                    + TILES + ", got " + mr + " x " + nr);
        }
        return this;
    }


    /**
     * This blocking with the 8-row tile (mc a multiple of 8), or itself if it has one, if no such kernel exists, or
     * below 512-bit vectors (8 × 2 vectors is 16 accumulators: AVX-512's 32 registers hold them, AVX2's 16 do not).
     */
    private GemmBlocking withEightRows() {
        int lanes = Vectorization.floatLanes();
        if (mr == 8 || lanes < 16 || MicroKernel.of(8, nr, lanes) == null) {
            return this;
        }
        return new GemmBlocking(8, nr, kc, Math.max(8, mc / 8 * 8), nc);
    }

    /** Block sizes derived from the caches for a given tile. */
    /**
     * The depth of each of the k blocks the packed GEMM splits a product of depth {@code k} into: as many blocks as
     * kc requires, of equal depth (784 with kc 256: four of 196, not three of 256 and one of 16 — a short last block
     * costs a whole pass over C for little work). At most kc; prepacked and on-the-fly products split alike.
     */
    public int kcStep(int k) {
        int blocks = Math.max(1, (k + kc - 1) / kc);
        return (k + blocks - 1) / blocks;
    }

    public static GemmBlocking derive(int mr, int nr, CacheSizes caches) {
        Checks.positive(mr, "mr");
        Checks.positive(nr, "nr");
        Checks.notNull(caches, "caches");
        int kc = clamp(roundDown((int) (caches.l1d() / (nr * 4L)), 8), 32, 1024);
        int mc = clamp(roundDown((int) Math.min(Integer.MAX_VALUE, caches.l2() / 2 / (kc * 4L)), mr), mr, 4096 / mr * mr);
        int nc = clamp(roundDown((int) Math.min(Integer.MAX_VALUE, caches.l3PerCore() / 2 / (kc * 4L)), nr), nr,
                8192 / nr * nr);
        return new GemmBlocking(mr, nr, kc, mc, nc);
    }

    /** Defaults for the species in use, with any {@code lanewise.gemm.*} overrides applied. */
    public static GemmBlocking current() {
        return Holder.current();
    }

    /**
     * The blocking {@link GemmStrategy#PACKED} uses for an m×n product: {@link #current()}, with kc doubled when
     * C is larger than the L2 budget the defaults were sized for (m·n > 2·mc·kc floats) and kc was not set by
     * {@code lanewise.gemm.kc}. Every kc block is one more pass over C; while C stays in L2 those passes are cheap
     * and the kc × nr micro-panel of B that fills L1d wins, but once C streams from L3 or memory halving the
     * passes wins (measurements in docs/measurements.md).
     */
    public static GemmBlocking forProduct(int m, int n) {
        GemmBlocking b = Holder.current();
        if (Holder.KC_SET || (long) m * n <= 2L * b.mc() * b.kc()) {
            return forRows(b, m);
        }
        return forRows(Holder.LARGE_C, m);
    }

    /**
     * {@code b}, or the same blocking with the 8-row tile where m rows padded to b's row tile would be more than a
     * tenth above m padded to 8 (m = 8: 12 rows for 8 with the default 6-row tile) — small batches, where a mostly
     * empty last row panel is a large share of the work (m = 8 at 512 bits: 62 → 44 µs for 8×784×300). Only for
     * the default blockings ({@link #current()} and its large-C form), at 512-bit vectors; never when
     * {@code lanewise.gemm.mr} is set. The row tile changes no sum, only how rows are grouped: same bits.
     */
    public static GemmBlocking forRows(GemmBlocking b, int m) {
        if (Holder.MR_SET || m <= 0) {
            return b;
        }
        GemmBlocking eight = b == Holder.current() ? Holder.EIGHT_ROWS
                : b == Holder.LARGE_C ? Holder.EIGHT_ROWS_LARGE_C : null;
        if (eight == null) {
            return b;
        }
        long padded = (m + b.mr() - 1L) / b.mr() * b.mr(), paddedEight = (m + 7L) / 8 * 8;
        return 10 * padded > 11 * paddedEight ? eight : b;
    }

    private static int roundDown(int value, int multiple) {
        return Math.max(multiple, value / multiple * multiple);
    }

    private static int clamp(int value, int lo, int hi) {
        return Math.max(lo, Math.min(hi, value));
    }

    /**
     * The blocking from the properties, decided once. A bad property value is kept as its message and thrown as
     * a fresh {@link IllegalArgumentException} naming the property on every use (a class-initialization error
     * would say it once and then only {@code NoClassDefFoundError}).
     */
    private static final class Holder {
        private static final Object CURRENT_OR_ERROR = currentOrError();
        static final boolean KC_SET = System.getProperty("lanewise.gemm.kc") != null
                && !System.getProperty("lanewise.gemm.kc").isBlank();
        static final GemmBlocking LARGE_C = CURRENT_OR_ERROR instanceof GemmBlocking c
                ? new GemmBlocking(c.mr(), c.nr(), Math.min(2048, 2 * c.kc()), c.mc(), c.nc()) : null;
        static final boolean MR_SET = System.getProperty("lanewise.gemm.mr") != null
                && !System.getProperty("lanewise.gemm.mr").isBlank();
        /** {@link #current} and {@link #LARGE_C} with 8-row tiles (mc a multiple of 8), or themselves without one. */
        static final GemmBlocking EIGHT_ROWS = eightRows(CURRENT_OR_ERROR);
        static final GemmBlocking EIGHT_ROWS_LARGE_C = eightRows(LARGE_C);

        private static GemmBlocking eightRows(Object blocking) {
            return blocking instanceof GemmBlocking b ? b.withEightRows() : null;
        }

        static GemmBlocking current() {
            if (CURRENT_OR_ERROR instanceof GemmBlocking blocking) {
                return blocking;
            }
            throw new IllegalArgumentException((String) CURRENT_OR_ERROR);
        }

        private static Object currentOrError() {
            try {
                return fromProperties();
            } catch (IllegalArgumentException e) {
                return "lanewise.gemm.* properties: " + e.getMessage();
            }
        }

        private static GemmBlocking fromProperties() {
            int lanes = Vectorization.floatLanes();
            int mr = property("mr", 6);
            int nr = property("nr", 2 * lanes);
            GemmBlocking derived = derive(mr, nr, CacheSizes.detect());
            return new GemmBlocking(mr, nr, property("kc", derived.kc()), property("mc", derived.mc()),
                    property("nc", derived.nc())).requireTileFor(lanes);
        }

        private static int property(String name, int fallback) {
            String key = "lanewise.gemm." + name;
            String value = System.getProperty(key);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            int parsed;
            try {
                parsed = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": expected an integer >= 1, got '" + value + "'", e);
            }
            if (parsed < 1) {
                throw new IllegalArgumentException(key + ": expected an integer >= 1, got " + parsed);
            }
            return parsed;
        }
    }
}
