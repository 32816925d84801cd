package dev.lanewise.layers;

import java.util.List;

/** Gradients of one layer: of its parameters (same order as {@link Layer#parameters()}) and of its input. */
record LayerGradients(Tensor input, List<Tensor> parameters) {
}
