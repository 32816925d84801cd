package dev.lanewise.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The architecture JSON a lanewise model file keeps in its metadata:
 * {@code {"format": "lanewise.Sequential", "version": 1, "layers": [{"type": "Linear", "in_features": 784, ...}]}},
 * the tensors each layer declares (state_dict names and shapes, from its configuration alone) and the layer built
 * around tensors read for it.
 */
final class ArchitectureFormat {
    private static final String FORMAT = "lanewise.Sequential";

    private ArchitectureFormat() {
    }

    static String write(Sequential model) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", 1);
        List<Object> layers = new ArrayList<>();
        for (Layer layer : model.layers()) {
            LayerSpec spec = layer.spec();
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("type", spec.type());
            for (Map.Entry<String, Number> e : spec.config().entrySet()) {
                Number v = e.getValue();
                node.put(e.getKey(), v instanceof Float f ? f : (Object) v.intValue());
            }
            layers.add(node);
        }
        root.put("layers", layers);
        return Json.write(root);
    }

    static List<LayerSpec> parse(String json) {
        Map<String, Object> root = Json.parseObject(json, "architecture");
        if (!FORMAT.equals(root.get("format")) || !Long.valueOf(1).equals(root.get("version"))) {
            throw new IllegalArgumentException("architecture: expected format " + FORMAT + " version 1, got "
                    + Json.abbreviate(root.get("format")) + " version " + Json.abbreviate(root.get("version")));
        }
        if (!(root.get("layers") instanceof List<?> layers)) {
            throw new IllegalArgumentException("architecture: expected a 'layers' array");
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (Object node : layers) {
            if (!(node instanceof Map<?, ?> fields)) {
                throw new IllegalArgumentException("architecture: layer " + specs.size() + " expected an object, got "
                        + Json.abbreviate(node));
            }
            Map<String, Number> config = new LinkedHashMap<>();
            String type = null;
            for (Map.Entry<?, ?> f : fields.entrySet()) {
                if (f.getKey().equals("type") && f.getValue() instanceof String s) {
                    type = s;
                } else if (f.getValue() instanceof Number n) {
                    config.put((String) f.getKey(), n);
                } else {
                    throw new IllegalArgumentException("architecture: '" + f.getKey() + "' expected a number, got "
                            + Json.abbreviate(f.getValue()));
                }
            }
            if (type == null) {
                throw new IllegalArgumentException("architecture: layer " + specs.size() + " has no type");
            }
            specs.add(new LayerSpec(type, config));
        }
        return specs;
    }

    /** The tensors (state_dict names within the layer, shapes) the layer of {@code spec} holds, from its configuration. */
    static List<Map.Entry<String, int[]>> declaredTensors(LayerSpec s, int index) {
        try {
            return switch (s.type()) {
                case "Linear" -> List.of(Map.entry("weight", new int[]{s.intValue("out_features"), s.intValue("in_features")}),
                        Map.entry("bias", new int[]{s.intValue("out_features")}));
                case "Conv1d" -> List.of(Map.entry("weight", new int[]{s.intValue("out_channels"),
                                s.intValue("in_channels"), s.intValue("kernel_size")}),
                        Map.entry("bias", new int[]{s.intValue("out_channels")}));
                case "BatchNorm1d" -> {
                    int[] f = {s.intValue("num_features")};
                    yield List.of(Map.entry("weight", f), Map.entry("bias", f), Map.entry("running_mean", f),
                            Map.entry("running_var", f), Map.entry("num_batches_tracked", new int[0]));
                }
                case "Dropout", "ReLU", "Sigmoid", "Tanh", "Softmax", "Flatten" -> List.of();
                default -> throw new IllegalArgumentException("unknown layer type '" + s.type() + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("architecture layer " + index + ": " + e.getMessage(), e);
        }
    }

    /** The layer of the spec's type and configuration around the tensors read for it (in declaredTensors order). */
    static Layer build(LayerSpec s, int index, List<Tensor> t) {
        try {
            return switch (s.type()) {
                case "Linear" -> Linear.of(t.get(0), t.get(1));
                case "Conv1d" -> Conv1d.of(t.get(0), t.get(1), s.intValue("stride"), s.intValue("padding"),
                        s.intValue("dilation"));
                case "BatchNorm1d" -> BatchNorm.of(s.floatValue("eps"), s.floatValue("momentum"), t.get(0), t.get(1),
                        t.get(2), t.get(3), t.get(4));
                case "Dropout" -> new Dropout(s.floatValue("p"));
                case "ReLU" -> new ReLU();
                case "Sigmoid" -> new Sigmoid();
                case "Tanh" -> new Tanh();
                case "Softmax" -> new Softmax();
                case "Flatten" -> new Flatten();
                default -> throw new IllegalArgumentException("unknown layer type '" + s.type() + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("architecture layer " + index + ": " + e.getMessage(), e);
        }
    }
}
