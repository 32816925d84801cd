package dev.lanewise.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * The work one benchmark operation does, so the summary can turn time into a rate: floating-point operations
 * where the kernel's flop count is standard, elements processed for the memory-bound kernels; {@code peak} marks
 * the machine's ceilings — the FMA peak ({@link PeakFlops}, FLOP), which FLOP rates are compared with, and the
 * memory bandwidth ({@link MemoryBandwidth}, BYTE).
 *
 * <p>Every benchmark class declares its own workload next to its parameters, as
 * {@code static Workload workload(String method, Map<String, String> params)} (null when none is defined); the
 * summary finds it on the class JMH ran, so a new suite needs no change here or in {@link Summary}.
 */
record Workload(double amount, Unit unit, boolean peak) {

    /** Name of the static method each benchmark class declares. */
    static final String DECLARATION = "workload";

    enum Unit {
        FLOP("GFLOP/s", 1e9), ELEMENT("Melem/s", 1e6), BYTE("GB/s", 1e9);

        final String rateLabel;
        final double scale;

        Unit(String rateLabel, double scale) {
            this.rateLabel = rateLabel;
            this.scale = scale;
        }
    }

    static Workload flops(double amount) {
        return new Workload(amount, Unit.FLOP, false);
    }

    static Workload elements(double amount) {
        return new Workload(amount, Unit.ELEMENT, false);
    }

    /** Bytes moved by the memory-bandwidth benchmark ({@link MemoryBandwidth}). */
    static Workload bandwidth(double bytes) {
        return new Workload(bytes, Unit.BYTE, true);
    }

    static Workload peakFlops(double amount) {
        return new Workload(amount, Unit.FLOP, true);
    }

    /** Rate in the unit's label (GFLOP/s or Melem/s) for one operation taking {@code seconds}, all threads counted. */
    double rate(double seconds, int threads) {
        return amount * threads / seconds / unit.scale;
    }

    /** The workload {@code Class.method} declares for these parameters, or null when its class declares none. */
    static Workload of(String benchmark, Map<String, String> params) {
        String[] parts = benchmark.split("\\.");
        Method declared = declaration(parts[0]);
        if (declared == null) {
            return null;
        }
        try {
            return (Workload) declared.invoke(null, parts.length > 1 ? parts[1] : "", params);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(benchmark + ": its workload failed for " + params + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The class's {@code static Workload workload(String, Map)}, or null when it has none. */
    static Method declaration(String simpleClassName) {
        try {
            Class<?> type = Class.forName(Workload.class.getPackageName() + "." + simpleClassName);
            Method m = type.getDeclaredMethod(DECLARATION, String.class, Map.class);
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == Workload.class ? m : null;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        }
    }
}
