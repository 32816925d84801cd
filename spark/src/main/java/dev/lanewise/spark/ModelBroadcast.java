package dev.lanewise.spark;

import dev.lanewise.layers.ModelIO;
import dev.lanewise.layers.Sequential;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model as the value of a Spark broadcast: its safetensors bytes ({@link ModelIO#save(Sequential,
 * java.io.OutputStream)}), decoded into a model on first use. Spark keeps one deserialized copy of a broadcast value
 * per executor JVM and hands that same object to every task there, so the model is loaded once per executor and
 * shared by its tasks (lanewise models are immutable and thread-safe).
 */
final class ModelBroadcast implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private transient volatile Sequential model;
    /** How many times this copy decoded its bytes (1 once used; for tests). */
    private transient AtomicInteger loads;

    private ModelBroadcast(byte[] bytes) {
        this.bytes = bytes;
    }

    static ModelBroadcast of(Sequential model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelIO.save(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelBroadcast(out.toByteArray());
    }

    /** The safetensors bytes that travel to executors. */
    int size() {
        return bytes.length;
    }

    Sequential model() {
        Sequential m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    try {
                        m = ModelIO.load(new ByteArrayInputStream(bytes));
                    } catch (IOException e) {
                        throw new UncheckedIOException("broadcast model: " + e.getMessage(), e);
                    }
                    counter().incrementAndGet();
                    model = m;
                }
            }
        }
        return m;
    }

    int loads() {
        return counter().get();
    }

    private synchronized AtomicInteger counter() {
        if (loads == null) {
            loads = new AtomicInteger();
        }
        return loads;
    }
}
