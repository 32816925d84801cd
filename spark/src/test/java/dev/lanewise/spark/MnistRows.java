package dev.lanewise.spark;

import dev.lanewise.mnist.Fetcher;
import dev.lanewise.mnist.IdxReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real MNIST as Spark rows {@code features array<float>} (pixel / 255) and {@code label int}. */
final class MnistRows {
    static final StructType SCHEMA = new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("label", DataTypes.IntegerType, false);

    final List<Row> train;
    final List<Row> test;

    private MnistRows(List<Row> train, List<Row> test) {
        this.train = train;
        this.test = test;
    }

    /** The cached files (or the demo's standard fetch); an IOException when they cannot be had. */
    static MnistRows load() throws IOException {
        Path dir = Fetcher.standard(new PrintStream(PrintStream.nullOutputStream())).resolve(null);
        return new MnistRows(rows(dir, "train"), rows(dir, "t10k"));
    }

    private static List<Row> rows(Path dir, String prefix) throws IOException {
        IdxReader.Idx images = IdxReader.read(dir.resolve(prefix + "-images-idx3-ubyte"));
        IdxReader.Idx labels = IdxReader.read(dir.resolve(prefix + "-labels-idx1-ubyte"));
        int n = images.count(), pixels = images.data().length / n;
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] x = new float[pixels];
            for (int j = 0; j < pixels; j++) {
                x[j] = (images.data()[i * pixels + j] & 0xff) / 255f;
            }
            rows.add(RowFactory.create(x, (int) labels.data()[i]));
        }
        return rows;
    }
}
