package dev.lanewise.kernels;

import dev.lanewise.kernels.simd.ParallelParts;
import dev.lanewise.kernels.simd.Scratch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two mechanisms that make kernels safe under any caller: work buffers are lent exclusively (never to two
 * holders at once, whatever thread or nesting), and parallel parts are claimed so that a call never waits for a
 * part nobody has started.
 */
class WorkBuffersTest {

    @Test
    void aTakenBufferIsNeverLentToAnotherHolderOnTheSameThread() {
        // The re-entrant case: a call that takes a buffer, then (while holding it) runs another call on its thread.
        List<float[]> held = new ArrayList<>();
        for (int depth = 0; depth < 3 * 64; depth++) {
            held.add(Scratch.take(Scratch.Slot.GEMM_A, 100 + depth % 7));
        }
        assertThat(distinct(held)).isEqualTo(held.size());
        for (float[] buffer : held) {
            assertThat(buffer.length).isGreaterThanOrEqualTo(100);
            Scratch.give(Scratch.Slot.GEMM_A, buffer);
        }
        float[] again = Scratch.take(Scratch.Slot.GEMM_A, 100);
        assertThat(held).as("a given-back buffer is reused").anyMatch(b -> b == again);
        Scratch.give(Scratch.Slot.GEMM_A, again);
    }

    @Test
    void concurrentHoldersNeverShareABuffer() throws Exception {
        Set<float[]> inUse = Collections.newSetFromMap(new ConcurrentHashMap<>());
        AtomicBoolean shared = new AtomicBoolean();
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            pool.submit(() -> IntStream.range(0, 20_000).parallel().forEach(i -> {
                float[] a = Scratch.take(Scratch.Slot.GEMM_B, 1 + i % 300);
                float[] b = Scratch.take(Scratch.Slot.GEMM_B, 1 + i % 17);   // nested: same thread, same slot
                if (!inUse.add(a) || !inUse.add(b)) {
                    shared.set(true);
                }
                a[0] = i;
                b[0] = -i;
                Thread.onSpinWait();
                if (a[0] != i || b[0] != -i) {
                    shared.set(true);
                }
                inUse.remove(a);
                inUse.remove(b);
                Scratch.give(Scratch.Slot.GEMM_B, b);
                Scratch.give(Scratch.Slot.GEMM_B, a);
            })).get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared).as("a buffer was held by two at once").isFalse();
    }

    @Test
    void oversizedBuffersAreRejectedByName() {
        assertThatThrownBy(() -> Scratch.take(Scratch.Slot.CONV_COLUMNS, 1L << 33))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("work buffer").hasMessageContaining(Long.toString(1L << 33));
    }

    @Test
    void everyPartRunsExactlyOnceUnderAnyCaller() throws Exception {
        for (int parts : new int[]{0, 1, 2, 3, 7, 64}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(parts, 1));
            ParallelParts.run(parts, runs::incrementAndGet);
            ForkJoinPool pool = new ForkJoinPool(2);
            try {
                pool.submit(() -> ParallelParts.run(parts, runs::incrementAndGet)).get(1, TimeUnit.MINUTES);
            } finally {
                pool.shutdownNow();
            }
            Thread.ofVirtual().start(() -> ParallelParts.run(parts, runs::incrementAndGet)).join();
            for (int p = 0; p < parts; p++) {
                assertThat(runs.get(p)).as("part %d of %d, three calls", p, parts).isEqualTo(3);
            }
        }
    }

    /** The caller's pool has no other worker free: every part must run on the caller, and the call return. */
    @Test
    void partsNobodyStartedRunOnTheCaller() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            Thread worker = pool.submit(() -> {
                ParallelParts.run(5, p -> threads.add(Thread.currentThread()));
                return Thread.currentThread();
            }).get(1, TimeUnit.MINUTES);
            assertThat(threads).containsExactly(worker);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingPartFailsTheCallAfterEveryClaimedPartHasFinished() {
        AtomicIntegerArray finished = new AtomicIntegerArray(4);
        assertThatThrownBy(() -> ParallelParts.run(4, p -> {
            if (p == 0) {
                throw new IllegalStateException("part 0 failed");
            }
            finished.set(p, 1);
        })).isInstanceOf(IllegalStateException.class).hasMessage("part 0 failed");
        for (int p = 1; p < 4; p++) {
            assertThat(finished.get(p)).as("part %d ran to the end before the call returned", p).isEqualTo(1);
        }
    }

    private static int distinct(List<float[]> buffers) {
        Set<float[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(buffers);
        return seen.size();
    }
}
