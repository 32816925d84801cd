package dev.lanewise.kernels;

import java.lang.management.ManagementFactory;

/** What a kernel call allocates once the JIT has compiled it: for tests that kernels reuse their buffers. */
final class SteadyStateAllocation {
    /** Bytes per round that count as nothing: a round is 10,000 calls. */
    static final long NOTHING = 10_000;

    private SteadyStateAllocation() {
    }

    /**
     * Bytes this thread allocates in 10,000 calls of {@code call}, after warm-up rounds that repeat until a round
     * allocates less than {@link #NOTHING} (the JIT has settled), at most 30 rounds so a real leak still shows.
     */
    static long bytesPer10kCalls(Runnable call) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long perRound = Long.MAX_VALUE;
        for (int round = 0; round < 30 && perRound >= NOTHING; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10_000; i++) {
                call.run();
            }
            perRound = threads.getThreadAllocatedBytes(id) - before;
        }
        return perRound;
    }
}
