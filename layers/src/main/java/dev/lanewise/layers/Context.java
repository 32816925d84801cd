package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-call settings of a pass: the seed of this step's randomness, the GEMM thread count, the layer position, and
 * where activation-sized arrays come from — fresh ones, or a {@link Workspace} whose arrays a training loop reuses
 * from step to step (every array taken is fully overwritten by its kernel, so reuse never leaks old values).
 */
record Context(long seed, int threads, int layerIndex, Workspace workspace) {
    static Context inference(int threads) {
        return new Context(0L, threads, 0, null);
    }

    Context at(int index) {
        return new Context(seed, threads, index, workspace);
    }

    /** An array of n floats for an activation or activation gradient, to be fully overwritten by the caller. */
    float[] floats(int n) {
        return workspace == null ? new float[n] : workspace.take(n);
    }

    /**
     * An array of n floats for a parameter gradient, to be fully overwritten by the caller: a training loop's
     * update may turn it into a parameter of the next model, so it is a new array, or one given back to the
     * workspace from a model that nobody can reach any more ({@link Workspace#recycle}).
     */
    float[] parameterFloats(int n) {
        return workspace == null ? new float[n] : workspace.spare(n);
    }

    /** A seed for layer {@code layerIndex} of this step (SplitMix64 finalizer of seed and index). */
    long layerSeed() {
        long z = seed + 0x9E3779B97F4A7C15L * (layerIndex + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Arrays handed out in the same order every step and taken back all at once by {@link #reset()}; and spare
     * parameter-sized arrays, each handed out once (it then belongs to a new model) until given back again.
     */
    static final class Workspace {
        private final List<float[]> arrays = new ArrayList<>();
        private final List<float[]> spares = new ArrayList<>();
        private int next;

        void reset() {
            next = 0;
        }

        float[] take(int n) {
            if (next < arrays.size() && arrays.get(next).length == n) {
                return arrays.get(next++);
            }
            float[] a = new float[n];
            if (next < arrays.size()) {
                arrays.set(next, a);
            } else {
                arrays.add(a);
            }
            next++;
            return a;
        }

        /** A spare array of exactly n floats if there is one (it leaves the spares), else a new one. */
        float[] spare(int n) {
            for (int i = spares.size() - 1; i >= 0; i--) {
                if (spares.get(i).length == n) {
                    return spares.remove(i);
                }
            }
            return new float[n];
        }

        /** Gives back an array nothing else references any more (the parameter of a model that is gone). */
        void recycle(float[] a) {
            spares.add(a);
        }

        int spareCount() {
            return spares.size();
        }

        /** Drops the spare arrays (training moves on to another model). */
        void clearSpares() {
            spares.clear();
        }
    }
}
