package dev.lanewise.kernels;

import java.util.TreeSet;
import java.util.stream.IntStream;

/** Sizes every kernel is tested on: the fixed list of the foundation issue plus one lane less/more than the species. */
final class Shapes {
    static final int[] LISTED = {0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 64, 100, 127, 129, 257};

    private Shapes() {
    }

    /** LISTED ∪ {L−1, L, L+1, 2L−1, 2L+1, 4L+3} for the float lane count L in effect. */
    static int[] sizes() {
        int lanes = Vectorization.floatLanes();
        TreeSet<Integer> all = new TreeSet<>();
        IntStream.of(LISTED).forEach(all::add);
        IntStream.of(lanes - 1, lanes, lanes + 1, 2 * lanes - 1, 2 * lanes + 1, 4 * lanes + 3)
                .filter(s -> s >= 0).forEach(all::add);
        return all.stream().mapToInt(Integer::intValue).toArray();
    }
}
