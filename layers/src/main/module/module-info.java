/**
 * lanewise layers: immutable tensors and layers, losses, optimizers, a training loop and safetensors model files,
 * computed by the lanewise kernels.
 */
module dev.lanewise.layers {
    requires transitive dev.lanewise.kernels;
    requires com.fasterxml.jackson.core;

    exports dev.lanewise.layers;
}
