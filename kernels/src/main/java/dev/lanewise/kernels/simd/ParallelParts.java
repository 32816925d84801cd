package dev.lanewise.kernels.simd;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs parts {@code 0 .. parts-1} of one call on the calling thread and on helpers, safe under any caller.
 *
 * <p>Parts are claimed, not assigned: the caller and each helper take the next unclaimed part until none is
 * left, so the caller itself computes every part no helper has started, and then waits only for parts that
 * other threads are already computing. It never waits for work nobody may run: a pool whose workers are all
 * busy, a pool of one worker that is the caller, a common pool of parallelism 0 — the call is then simply
 * serial. It never runs unrelated tasks while it waits (it does not {@code join}), so nothing else can run on
 * the caller's thread in the middle of the call. Helpers go to the caller's ForkJoin pool when the caller is a
 * pool worker (an application's own pool), else to the common pool; a helper that starts after every part was
 * claimed does nothing. Which thread computes a part never changes what the part computes.
 */
public final class ParallelParts {
    /** The common pool runs no task when its parallelism was set to 0; then every part runs on the caller. */
    private static final boolean COMMON_POOL_RUNS_TASKS = !"0".equals(
            System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "").trim());

    private ParallelParts() {
    }

    /** Runs {@code part.accept(p)} once for every p in [0, parts); rethrows the first failure of any part. */
    public static void run(int parts, IntConsumer part) {
        run(parts, parts, part);
    }

    /**
     * As {@link #run(int, IntConsumer)} on at most {@code threads} threads (the caller and {@code threads − 1}
     * helpers) claiming among {@code parts} parts: more parts than threads let the caller take over the work of a
     * helper that starts late (a parked pool worker takes tens of microseconds to wake).
     */
    public static void run(int parts, int threads, IntConsumer part) {
        if (parts <= 1 || threads <= 1) {
            for (int p = 0; p < parts; p++) {
                part.accept(p);
            }
            return;
        }
        boolean inPool = ForkJoinTask.inForkJoinPool();
        if (!inPool && !COMMON_POOL_RUNS_TASKS) {
            for (int p = 0; p < parts; p++) {
                part.accept(p);
            }
            return;
        }
        Claims claims = new Claims(parts, part);
        ForkJoinTask<?>[] helpers = new ForkJoinTask<?>[Math.min(parts, threads) - 1];
        for (int h = 0; h < helpers.length; h++) {
            ForkJoinTask<?> helper = ForkJoinTask.adapt(claims::work);
            helpers[h] = helper;
            if (inPool) {
                helper.fork();
            } else {
                ForkJoinPool.commonPool().execute(helper);
            }
        }
        claims.work();
        claims.awaitClaimed();
        if (inPool) {
            // Take back helpers nobody started (they would do nothing), newest first as the local queue holds them.
            for (int h = helpers.length - 1; h >= 0; h--) {
                helpers[h].tryUnfork();
            }
        }
        claims.rethrowFailure();
    }

    /** The shared state of one call: the next unclaimed part, the parts not yet finished, the first failure. */
    private static final class Claims {
        /** About 20–50 µs of spin-wait hints on current x86 cores. */
        private static final int SPINS = 1 << 14;

        private final int parts;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch unfinished;
        private volatile IntConsumer part;   // dropped once every part is done: an idle helper keeps nothing alive
        private volatile Throwable failure;

        Claims(int parts, IntConsumer part) {
            this.parts = parts;
            this.part = part;
            this.unfinished = new CountDownLatch(parts);
        }

        void work() {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                try {
                    part.accept(p);
                } catch (Throwable t) {
                    synchronized (this) {
                        if (failure == null) {
                            failure = t;
                        } else if (failure != t) {
                            failure.addSuppressed(t);
                        }
                    }
                } finally {
                    unfinished.countDown();
                }
            }
        }

        /**
         * Every part is claimed by now; wait for those still running on other threads. Parts are balanced, so the
         * rest usually finishes within microseconds: spin briefly before parking (waking a parked thread costs
         * tens of microseconds, a tenth of a small parallel GEMM).
         */
        void awaitClaimed() {
            for (int spin = 0; spin < SPINS && unfinished.getCount() > 0; spin++) {
                Thread.onSpinWait();
            }
            boolean interrupted = false;
            while (true) {
                try {
                    unfinished.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;   // the parts are running; the result must not be abandoned half-written
                }
            }
            part = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void rethrowFailure() {
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException("a parallel part failed", t);
            }
        }
    }
}
