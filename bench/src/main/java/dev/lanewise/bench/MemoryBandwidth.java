package dev.lanewise.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;

import java.util.Map;

/**
 * This machine's memory bandwidth as STREAM measures it: the triad {@code a[i] = b[i] + s·c[i]} on float arrays
 * far larger than the caches (64 MiB each), counted as STREAM counts it — two reads and one write, 12 bytes per
 * element (the write-allocate read is not counted). The GEMM chart draws it as the memory roof (bandwidth × the
 * product's arithmetic intensity), the summary header names it. One thread: what one kernel call can draw.
 */
public class MemoryBandwidth extends KernelBench {
    @Param({"16777216"})
    public int n;

    private float[] a;
    private float[] b;
    private float[] c;
    private final float s = 3f;

    @Setup
    public void setUp() {
        a = new float[n];
        b = BenchData.uniform(11, n, -1, 1);
        c = BenchData.uniform(12, n, -1, 1);
    }

    @Benchmark
    @Threads(1)
    public float[] triad() {
        float[] a = this.a, b = this.b, c = this.c;   // C2 vectorizes this loop itself
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] + s * c[i];
        }
        return a;
    }

    /** Bytes STREAM counts for one triad: 12 per element. */
    static Workload workload(String method, Map<String, String> params) {
        return Workload.bandwidth(12.0 * Integer.parseInt(params.get("n")));
    }
}
