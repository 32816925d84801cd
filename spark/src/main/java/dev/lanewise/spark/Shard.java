package dev.lanewise.spark;

import dev.lanewise.layers.Dataset;
import dev.lanewise.layers.Tensor;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;

/**
 * One partition's labelled samples as a lanewise {@link Dataset} — the unit a training or evaluation task works on,
 * cached by Spark (one object per partition, so a task reads its samples without touching a row). Serialized
 * (when Spark spills it or ships it to another executor) as its float features and int labels.
 */
final class Shard implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final int[] sampleShape;
    private transient Dataset data;

    private Shard(int partition, int[] sampleShape, Dataset data) {
        this.partition = partition;
        this.sampleShape = sampleShape;
        this.data = data;
    }

    /** One labelled sample on its way to a shard, with its index among the input's rows. */
    record Sample(long index, float[] features, int label) implements Serializable {
    }

    /** What a shard is built from: the columns, the features per sample and the model's classes. */
    record Layout(Features features, int labelIndex, String labelCol, int[] sampleShape, int classes)
            implements Serializable {
        int length() {
            int n = 1;
            for (int d : sampleShape) {
                n *= d;
            }
            return n;
        }

        Sample sample(Row row, long index, String where) {
            float[] x = new float[length()];
            features.read(row, where, x, 0, x.length);
            return new Sample(index, x, Features.label(row, labelIndex, labelCol, classes, where));
        }
    }

    /** The shard of partition {@code partition} from its rows, every row checked ({@code row i of partition p}). */
    static Shard ofRows(int partition, Iterator<Row> rows, Layout layout) {
        Builder b = new Builder(layout.length());
        long i = 0;
        while (rows.hasNext()) {
            b.add(layout.sample(rows.next(), i, "row " + i + " of partition " + partition));
            i++;
        }
        return b.build(partition, layout.sampleShape());
    }

    /** The shard of partition {@code partition} from samples already checked. */
    static Shard ofSamples(int partition, Iterator<Sample> samples, int[] sampleShape) {
        int length = 1;
        for (int d : sampleShape) {
            length *= d;
        }
        Builder b = new Builder(length);
        samples.forEachRemaining(b::add);
        return b.build(partition, sampleShape);
    }

    private static final class Builder {
        private final int length;
        private float[] x = new float[0];
        private int[] y = new int[0];
        private int n;

        Builder(int length) {
            this.length = length;
        }

        void add(Sample s) {
            if (n == y.length) {
                int cap = Math.max(64, y.length * 2);
                y = Arrays.copyOf(y, cap);
                x = Arrays.copyOf(x, Math.multiplyExact(cap, length));
            }
            System.arraycopy(s.features(), 0, x, n * length, length);
            y[n++] = s.label();
        }

        Shard build(int partition, int[] sampleShape) {
            return new Shard(partition, sampleShape.clone(), dataset(Arrays.copyOf(x, n * length),
                    Arrays.copyOf(y, n), n, sampleShape));
        }
    }

    private static Dataset dataset(float[] x, int[] y, int n, int[] sampleShape) {
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return Dataset.of(Tensor.of(x, shape), y);
    }

    int partition() {
        return partition;
    }

    Dataset data() {
        return data;
    }

    int size() {
        return data.size();
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeInt(data.size());
        out.writeObject(data.inputs().toArray());
        out.writeObject(data.labels());
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int n = in.readInt();
        data = dataset((float[]) in.readObject(), (int[]) in.readObject(), n, sampleShape);
    }
}
