package dev.lanewise.kernels;

/**
 * The one place test tolerances come from. Standard floating-point error analysis (Higham, "Accuracy and
 * Stability of Numerical Algorithms", §2–3): with the float32 unit roundoff u = 2⁻²⁴, a sum or dot product of
 * n terms computed in any order and with or without FMA lies within γ_n·Σ|terms| of the exact value, where
 * γ_n = n·u / (1 − n·u). Two implementations that each satisfy that bound differ by at most twice it; a double
 * reference rounded once to float adds u·|result|. Underflow can add an absolute error of one float subnormal
 * step per operation, which the {@code n · Float.MIN_VALUE} term covers.
 */
final class Tolerance {
    /** Unit roundoff of float32. */
    static final double U = 0x1p-24;

    private Tolerance() {
    }

    /** γ_n = n·u / (1 − n·u). */
    static double gamma(long n) {
        double nu = n * U;
        if (nu >= 1) {
            throw new IllegalArgumentException("gamma(" + n + ") is unbounded in float32");
        }
        return nu / (1 - nu);
    }

    /** Largest |a − b| for two float evaluations of an n-operation sum whose terms' absolute values sum to magnitude. */
    static double twoFloatSums(long n, double magnitude) {
        return 2 * gamma(n) * magnitude + n * (double) Float.MIN_VALUE;
    }

    /** Largest |float result − double reference| for an n-operation float evaluation against a correctly rounded double. */
    static double floatVersusDouble(long n, double magnitude) {
        return gamma(n) * magnitude + U * magnitude + n * (double) Float.MIN_VALUE;
    }

    /** Distance in units in the last place of {@code expected} (float), for transcendental functions. */
    static double ulps(float actual, double expected) {
        if (Double.isNaN(expected)) {
            return Float.isNaN(actual) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (actual == expected) {
            return 0;
        }
        return Math.abs(actual - expected) / Math.ulp((float) expected);
    }
}
