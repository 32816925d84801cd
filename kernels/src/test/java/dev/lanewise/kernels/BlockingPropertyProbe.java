package dev.lanewise.kernels;

/** Child-JVM probe: reports what two uses of the GEMM blocking throw under the JVM's lanewise.gemm.* properties. */
public final class BlockingPropertyProbe {
    private BlockingPropertyProbe() {
    }

    public static void main(String[] args) {
        for (int use = 0; use < 2; use++) {
            try {
                float[] a = new float[64 * 64], c = new float[64 * 64];
                Gemm.sgemm(false, false, 64, 64, 64, 1f, a, 0, 64, a, 0, 64, 0f, c, 0, 64);
                System.out.println("use " + use + ": ok " + GemmBlocking.current());
            } catch (RuntimeException e) {
                System.out.println("use " + use + ": " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }
}
