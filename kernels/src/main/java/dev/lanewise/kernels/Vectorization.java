package dev.lanewise.kernels;

import dev.lanewise.kernels.simd.ShapeProbe;

import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * Decides, once per JVM, whether the kernels run on the Vector API and at which species width.
 *
 * <p>As Lucene's {@code VectorizationProvider} does: the vector path is used only when the incubator module
 * {@code jdk.incubator.vector} is in the boot layer and the CPU's preferred float vector is at least 128 bits;
 * otherwise every kernel runs its plain-loop reference twin. The decision is logged once; the provider
 * ({@code dev.lanewise.kernels.ops.KernelProvider}) turns it into the one implementation every facade calls. No
 * class outside {@code simd} touches a Vector API type, so a JVM started without {@code --add-modules
 * jdk.incubator.vector} never sees a {@link NoClassDefFoundError}.
 *
 * <p>Vector API code is fast only once HotSpot's C2 compiler has compiled it; interpreted or C1-compiled it boxes
 * every vector and runs hundreds of times slower than the scalar loops. So a JVM without C2 ({@code -Xint},
 * {@code -XX:TieredStopAtLevel} 1 to 3) runs the scalar twins too, with one warning line.
 *
 * <p>The system property {@value #VECTOR_BITS_PROPERTY} (read here and nowhere else) forces the width:
 * {@code 0} selects the scalar path, {@code 128}, {@code 256} or {@code 512} a narrower-or-equal species than
 * the preferred one. Any other value fails class initialization with a message naming the property.
 */
public final class Vectorization {

    /** System property that forces the vector width in bits ({@code 0} = scalar). */
    public static final String VECTOR_BITS_PROPERTY = "lanewise.vectorBits";

    private static final String MODULE = "jdk.incubator.vector";
    private static final Set<Integer> SUPPORTED_BITS = Set.of(128, 256, 512);
    private static final System.Logger LOG = System.getLogger("dev.lanewise.kernels");

    private static final int BITS = decide();

    private static final boolean ENABLED = BITS > 0;

    private Vectorization() {
    }

    /** Whether the vectorized kernels are in use (false means every kernel runs its scalar reference). */
    public static boolean isEnabled() {
        return ENABLED;
    }

    /** The float species width in bits the kernels use, or 0 on the scalar path. */
    public static int vectorBits() {
        return BITS;
    }

    /** Float lanes per vector, or 1 on the scalar path. */
    public static int floatLanes() {
        return ENABLED ? BITS / Float.SIZE : 1;
    }

    /** One line describing the decision, e.g. for benchmark reports. */
    public static String describe() {
        return ENABLED
                ? "Vector API, " + BITS + "-bit species (" + floatLanes() + " float lanes)"
                : "scalar reference kernels (Vector API not in use)";
    }

    private static int decide() {
        Integer requested = requestedBits();
        if (requested != null && requested == 0) {
            LOG.log(Level.INFO, "lanewise: " + VECTOR_BITS_PROPERTY + "=0, using the scalar reference kernels");
            return 0;
        }
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            LOG.log(Level.WARNING, "lanewise: the " + MODULE + " module is not loaded, so kernels run scalar."
                    + " Start the JVM with --add-modules " + MODULE + " to enable SIMD.");
            return 0;
        }
        String noC2 = c2Unavailable();
        if (noC2 != null && requested == null) {
            LOG.log(Level.WARNING, "lanewise: " + noC2 + ": HotSpot's C2 compiler, which turns Vector API code into"
                    + " SIMD instructions, is off, and without it vector code runs hundreds of times slower; kernels"
                    + " run scalar. Set -D" + VECTOR_BITS_PROPERTY + "=<bits> to force the vector path.");
            return 0;
        }
        int preferred = ShapeProbe.preferredFloatBits();
        if (preferred < 128) {
            LOG.log(Level.WARNING, "lanewise: the preferred float vector is only " + preferred
                    + " bits on this CPU, so kernels run scalar");
            return 0;
        }
        int bits = preferred;
        if (requested != null) {
            if (!SUPPORTED_BITS.contains(requested) || requested > preferred) {
                throw new IllegalArgumentException(VECTOR_BITS_PROPERTY + ": expected 0, 128, 256 or 512 and at most "
                        + "this CPU's preferred " + preferred + ", got " + requested);
            }
            bits = requested;
        }
        LOG.log(Level.INFO, "lanewise: Vector API enabled, " + bits + "-bit float species ("
                + bits / Float.SIZE + " lanes; preferred " + preferred + ")");
        return bits;
    }

    /**
     * Why C2 will not compile this JVM's code ({@code -Xint}, {@code -XX:TieredStopAtLevel} below 4, a client
     * emulation), or null if it will. Read from HotSpot's own flags when {@code jdk.management} is present, else
     * from {@code java.vm.info}.
     */
    static String c2Unavailable() {
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode")) {
            return "the JVM runs interpreted (-Xint)";
        }
        if (info.contains("emulated-client")) {
            return "the JVM emulates a client VM (-XX:TieredStopAtLevel=1)";
        }
        try {
            var flags = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            if (flags == null) {
                return null;
            }
            if ("false".equals(flags.getVMOption("UseCompiler").getValue())) {
                return "the JVM runs interpreted (-XX:-UseCompiler)";
            }
            String level = flags.getVMOption("TieredStopAtLevel").getValue();
            if ("true".equals(flags.getVMOption("TieredCompilation").getValue()) && !"4".equals(level)) {
                return "the JVM stops compiling at tier " + level + " (-XX:TieredStopAtLevel=" + level + ")";
            }
            return null;
        } catch (LinkageError | RuntimeException e) {
            return null;   // not HotSpot, or a runtime image without jdk.management: java.vm.info said what it could
        }
    }

    private static Integer requestedBits() {
        String value = System.getProperty(VECTOR_BITS_PROPERTY);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(VECTOR_BITS_PROPERTY + ": expected 0, 128, 256 or 512, got '"
                    + value + "'", e);
        }
    }
}
