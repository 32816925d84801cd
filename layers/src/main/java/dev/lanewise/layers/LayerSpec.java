package dev.lanewise.layers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Architecture entry of one layer in a model file: its type and configuration (numbers only). */
record LayerSpec(String type, Map<String, Number> config) {
    LayerSpec {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    static LayerSpec of(String type) {
        return new LayerSpec(type, Map.of());
    }

    int intValue(String key) {
        Number n = config.get(key);
        if (n == null) {
            throw new IllegalArgumentException(type + ": missing '" + key + "'");
        }
        if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(type + ": '" + key + "' expected an integer, got " + n);
        }
        return n.intValue();
    }

    float floatValue(String key) {
        Number n = config.get(key);
        if (n == null) {
            throw new IllegalArgumentException(type + ": missing '" + key + "'");
        }
        return n.floatValue();
    }
}
