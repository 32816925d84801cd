package dev.lanewise.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.lanewise.layers.Layer;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.ReLU;
import dev.lanewise.layers.Sequential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A lanewise MLP (Linear and ReLU layers) as an ONNX model, the way {@code torch.onnx.export} writes a
 * {@code Linear}: {@code Gemm(x, W, b, transB = 1)} with W stored [out, in], then {@code Relu}; input {@code x}
 * [N, in] with a symbolic batch, output {@code y}. Written with protobuf's wire-format writer against the field
 * numbers of onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto), IR version 8, opset 17.
 */
final class OnnxMlp {
    static final String INPUT = "x";
    static final String OUTPUT = "y";

    private static final int FLOAT = 1;              // TensorProto.DataType.FLOAT, also TypeProto elem_type
    private static final int ATTRIBUTE_INT = 2;      // AttributeProto.AttributeType.INT

    private OnnxMlp() {
    }

    /** The model's bytes, ready for {@code OrtEnvironment.createSession(byte[], …)}. */
    static byte[] write(Sequential model) {
        int in = -1, out = -1;
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        String current = INPUT;
        int index = 0;
        for (Layer layer : model.layers()) {
            String next = "t" + index;
            if (layer instanceof Linear linear) {
                if (in < 0) {
                    in = linear.inFeatures();
                }
                out = linear.outFeatures();
                String w = "fc" + index + ".weight", b = "fc" + index + ".bias";
                field(graph, 5, tensor(w, linear.weight().toArray(), linear.outFeatures(), linear.inFeatures()));
                field(graph, 5, tensor(b, linear.bias().toArray(), linear.outFeatures()));
                field(graph, 1, node("Gemm", "gemm" + index, new String[] {current, w, b}, next,
                        attributeInt("transB", 1)));
            } else if (layer instanceof ReLU) {
                field(graph, 1, node("Relu", "relu" + index, new String[] {current}, next, null));
            } else {
                throw new IllegalArgumentException("OnnxMlp: only Linear and ReLU layers, got " + layer);
            }
            current = next;
            index++;
        }
        if (in < 0) {
            throw new IllegalArgumentException("OnnxMlp: the model has no Linear layer");
        }
        // Rename the last value to the graph output with an Identity (keeps node outputs unique and simple).
        field(graph, 1, node("Identity", "output", new String[] {current}, OUTPUT, null));
        string(graph, 2, "lanewise-mlp");
        field(graph, 11, valueInfo(INPUT, in));
        field(graph, 12, valueInfo(OUTPUT, out));

        ByteArrayOutputStream modelBytes = new ByteArrayOutputStream();
        varint(modelBytes, 1, 8);                                     // ir_version
        string(modelBytes, 2, "lanewise-bench");                      // producer_name
        field(modelBytes, 7, graph.toByteArray());                    // graph
        ByteArrayOutputStream opset = new ByteArrayOutputStream();
        string(opset, 1, "");                                         // default domain
        varint(opset, 2, 17);                                         // version
        field(modelBytes, 8, opset.toByteArray());                    // opset_import
        return modelBytes.toByteArray();
    }

    private static byte[] tensor(String name, float[] values, long... dims) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        for (long d : dims) {
            varint(t, 1, d);                                          // dims
        }
        varint(t, 2, FLOAT);                                          // data_type
        string(t, 8, name);                                           // name
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        field(t, 9, raw.array());                                     // raw_data
        return t.toByteArray();
    }

    private static byte[] node(String op, String name, String[] inputs, String output, byte[] attribute) {
        ByteArrayOutputStream n = new ByteArrayOutputStream();
        for (String input : inputs) {
            string(n, 1, input);
        }
        string(n, 2, output);
        string(n, 3, name);
        string(n, 4, op);
        if (attribute != null) {
            field(n, 5, attribute);
        }
        return n.toByteArray();
    }

    private static byte[] attributeInt(String name, long value) {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        string(a, 1, name);
        varint(a, 3, value);                                          // i
        varint(a, 20, ATTRIBUTE_INT);                                 // type
        return a.toByteArray();
    }

    /** ValueInfoProto of a float tensor [N, features] with a symbolic batch dimension. */
    private static byte[] valueInfo(String name, int features) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(), width = new ByteArrayOutputStream();
        string(batch, 2, "N");                                        // Dimension.dim_param
        varint(width, 1, features);                                   // Dimension.dim_value
        ByteArrayOutputStream shape = new ByteArrayOutputStream();
        field(shape, 1, batch.toByteArray());
        field(shape, 1, width.toByteArray());
        ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
        varint(tensorType, 1, FLOAT);                                 // elem_type
        field(tensorType, 2, shape.toByteArray());                    // shape
        ByteArrayOutputStream type = new ByteArrayOutputStream();
        field(type, 1, tensorType.toByteArray());                     // TypeProto.tensor_type
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        string(info, 1, name);
        field(info, 2, type.toByteArray());
        return info.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, int field, long value) {
        write(out, c -> c.writeInt64(field, value));
    }

    private static void string(ByteArrayOutputStream out, int field, String value) {
        write(out, c -> c.writeString(field, value));
    }

    private static void field(ByteArrayOutputStream out, int field, byte[] message) {
        write(out, c -> c.writeBytes(field, ByteString.copyFrom(message)));
    }

    private interface Writes {
        void to(CodedOutputStream c) throws IOException;
    }

    private static void write(ByteArrayOutputStream out, Writes w) {
        try {
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            w.to(c);
            c.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
