package dev.lanewise.bench;

/** The {@code runtime} parameter of {@link InferenceBench}: lanewise itself, or ONNX Runtime's Java API as the peer. */
public enum InferenceRuntime {
    LANEWISE, ONNXRUNTIME
}
