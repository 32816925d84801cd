package dev.lanewise.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lanewise.layers.Sequential;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Optional;

/**
 * A lanewise MLP run by ONNX Runtime (its Java API) in its fastest configuration for a fair baseline: the same
 * weights as an ONNX model ({@link OnnxMlp}), all graph optimizations (Gemm+Relu fused), one intra-op and one
 * inter-op thread, the input tensor made once from a direct buffer and the output pinned to a preallocated one,
 * so a call is {@code session.run} alone.
 */
final class OrtMlp implements AutoCloseable {
    private final OrtSession session;
    private final OnnxTensor input;
    private final OnnxTensor output;
    private final FloatBuffer outputBuffer;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    OrtMlp(Sequential model, float[] x, int batch, int in, int out) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(OnnxMlp.write(model), options);
        }
        input = OnnxTensor.createTensor(env, direct(x.length).put(x).flip(), new long[] {batch, in});
        outputBuffer = direct(batch * out);
        output = OnnxTensor.createTensor(env, outputBuffer, new long[] {batch, out});
        inputs = Map.of(OnnxMlp.INPUT, input);
        outputs = Map.of(OnnxMlp.OUTPUT, output);
    }

    /** One inference into the pinned output. */
    void run() throws OrtException {
        session.run(inputs, outputs).close();
    }

    /** The output as last computed. */
    float[] result() {
        float[] y = new float[outputBuffer.capacity()];
        outputBuffer.duplicate().clear().get(y);
        return y;
    }

    @Override
    public void close() throws OrtException {
        input.close();
        output.close();
        session.close();
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Why ONNX Runtime cannot run in this JVM (its natives failed to load), or empty when it can. */
    static Optional<String> unavailable() {
        return Peers.loadFailure(OrtEnvironment::getEnvironment);
    }
}
