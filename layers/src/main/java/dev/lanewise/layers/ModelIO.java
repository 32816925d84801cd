package dev.lanewise.layers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Saves and loads models as <a href="https://github.com/huggingface/safetensors">safetensors</a>: an 8-byte
 * little-endian header length, a JSON header, then the raw tensors. Tensor names and shapes are those of
 * PyTorch's {@code nn.Sequential.state_dict()} ({@code 0.weight [out, in]}, {@code 0.bias}, Conv1d
 * {@code [Cout, Cin, K]}, BatchNorm {@code running_mean}, {@code running_var}, {@code num_batches_tracked} as
 * I64), float32 little-endian, so PyTorch can {@code load_state_dict} the file into the equivalent model. The
 * architecture is kept as JSON in the header's {@code __metadata__} under {@value #ARCHITECTURE_KEY}, which is
 * what {@link #load} rebuilds the model from.
 *
 * <p>Saving writes a temporary file beside the target, forces it to disk and moves it into place atomically,
 * so a crash never leaves a half-written model. Loading checks everything (lengths, header JSON, dtypes,
 * shapes against the architecture, offsets inside the data and covering it exactly) and fails with an
 * {@link IOException} naming the file and the problem.
 */
public final class ModelIO {
    /** Metadata key holding the architecture JSON. */
    public static final String ARCHITECTURE_KEY = "lanewise.architecture";
    /** Metadata key holding a checkpoint's optimizer name and step count (JSON). */
    public static final String OPTIMIZER_KEY = "lanewise.optimizer";
    private static final String OPTIMIZER_PREFIX = "optimizer.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;
    private static final String COUNT_BUFFER = "num_batches_tracked";

    private ModelIO() {
    }

    public static void save(Sequential model, Path file) throws IOException {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(file, "file: expected a path, got null");
        write(model, null, file);
    }

    /**
     * A checkpoint: the model as {@link #save(Sequential, Path)} writes it, plus the optimizer's state — each slot
     * as an F32 tensor {@code optimizer.<parameter>.<slot>} shaped like its parameter, and the optimizer's name and
     * step count as JSON under {@value #OPTIMIZER_KEY} in {@code __metadata__}. {@link #loadCheckpoint} gives both
     * back; {@link #load} reads the model alone. (PyTorch's {@code load_state_dict} wants the model's names only:
     * drop the {@code optimizer.} entries first.) Every slot must belong to a parameter of the model and have its
     * size.
     */
    public static void save(Sequential model, OptimizerState optimizerState, Path file) throws IOException {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(optimizerState, "optimizerState: expected a state, got null");
        Objects.requireNonNull(file, "file: expected a path, got null");
        write(model, optimizerState, file);
    }

    /** A model with the optimizer state saved beside it, if the file holds one. */
    public record Checkpoint(Sequential model, Optional<OptimizerState> optimizerState) {
        public Checkpoint {
            Objects.requireNonNull(model, "model: expected a model, got null");
            Objects.requireNonNull(optimizerState, "optimizerState: expected an Optional, got null");
        }
    }

    private static void write(Sequential model, OptimizerState state, Path file) throws IOException {
        List<Map.Entry<String, Tensor>> tensors = stateDict(model);
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        meta.put("format", "pt");
        meta.put(ARCHITECTURE_KEY, architecture(model).toString());
        if (state != null) {
            ObjectNode opt = JSON.createObjectNode();
            opt.put("optimizer", state.optimizer());
            opt.put("steps", state.steps());
            meta.put(OPTIMIZER_KEY, opt.toString());
            tensors.addAll(optimizerTensors(model, state));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors) {
            Tensor t = e.getValue();
            boolean count = isCount(e.getKey());
            long bytes = (long) t.size() * (count ? 8 : 4);
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", count ? "I64" : "F32");
            ArrayNode shape = entry.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;   // the data starts 8-byte aligned
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its 0600 would make every saved model private; CREATE_NEW uses the umask (0644).
        Path tmp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                head.flip();
                writeFully(ch, head);
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                for (Map.Entry<String, Tensor> e : tensors) {
                    writeTensor(ch, e.getValue(), isCount(e.getKey()), chunk);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads the file through a channel, tensor by tensor in 1 MiB chunks: no whole-file copy, and models of 2 GiB
     * and more load (each tensor up to the largest Java array).
     */
    public static Sequential load(Path file) throws IOException {
        return loadCheckpoint(file).model();
    }

    /** The model and, if the file is a checkpoint, the optimizer state saved with it; checked as {@link #load}. */
    public static Checkpoint loadCheckpoint(Path file) throws IOException {
        Objects.requireNonNull(file, "file: expected a path, got null");
        try (FileChannel ch = open(file)) {
            return parse(ch, ch.size());
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new IOException(file + ": not a valid lanewise safetensors model: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The file opened for reading, or an IOException that names it and says what is wrong. */
    private static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, expected a safetensors model file");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(file + ": permission denied", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Checkpoint parse(FileChannel ch, long size) throws IOException {
        if (size < 8) {
            throw new IllegalArgumentException("truncated: " + size + " bytes, expected at least the 8-byte header length");
        }
        long n = readAt(ch, 0, 8).getLong();
        if (n < 2 || n > MAX_HEADER || n > size - 8L) {
            throw new IllegalArgumentException("header length " + n + " does not fit the file of " + size
                    + " bytes (truncated or not safetensors)");
        }
        ByteBuffer headerBytes = readAt(ch, 8, (int) n);
        JsonNode header = JSON.readTree(new String(headerBytes.array(), 0, (int) n, StandardCharsets.UTF_8));
        if (header == null || !header.isObject()) {
            throw new IllegalArgumentException("header: expected a JSON object");
        }
        JsonNode arch = header.path("__metadata__").path(ARCHITECTURE_KEY);
        if (!arch.isTextual()) {
            throw new IllegalArgumentException("header: no '" + ARCHITECTURE_KEY + "' in __metadata__ (not saved by lanewise)");
        }
        List<LayerSpec> specs = specs(JSON.readTree(arch.asText()));
        long dataStart = 8 + n;
        long dataLength = size - dataStart;
        long headerElements = checkEntries(header, dataLength);
        Map<String, int[]> parameterShapes = new LinkedHashMap<>();
        long declared = optimizerElements(header);
        List<List<Map.Entry<String, int[]>>> declaredTensors = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            declaredTensors.add(declaredTensors(specs.get(i), i));
            for (Map.Entry<String, int[]> t : declaredTensors.get(i)) {
                parameterShapes.put(i + "." + t.getKey(), t.getValue());
                long count = 1;
                for (int d : t.getValue()) {
                    count = saturatedMultiply(count, d);
                }
                declared = saturatedAdd(declared, count);
            }
        }
        if (declared != headerElements) {
            // Checked before any layer is built: the architecture alone must not make us allocate more than the file holds.
            throw new IllegalArgumentException("architecture: its layers hold " + (declared == Long.MAX_VALUE
                    ? "more than 2^63" : Long.toString(declared)) + " values but the file's tensors hold "
                    + headerElements);
        }
        List<Layer> layers = new ArrayList<>(specs.size());
        int expectedEntries = 0;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < specs.size(); i++) {
            // Tensors first, then the layer built around them: no placeholder weights, so a model needs its size once.
            List<Tensor> tensors = new ArrayList<>();
            for (Map.Entry<String, int[]> t : declaredTensors.get(i)) {
                tensors.add(read(header, ch, dataStart, i + "." + t.getKey(), t.getValue(), chunk));
            }
            expectedEntries += tensors.size();
            layers.add(build(specs.get(i), i, tensors));
        }
        Optional<OptimizerState> optimizer = readOptimizer(header, ch, dataStart, parameterShapes, chunk);
        expectedEntries += optimizer.map(o -> o.slots().size()).orElse(0);
        int entries = header.size() - (header.has("__metadata__") ? 1 : 0);
        if (entries != expectedEntries) {
            List<String> extra = new ArrayList<>();
            header.fieldNames().forEachRemaining(extra::add);
            throw new IllegalArgumentException("header: expected " + expectedEntries + " tensors for the architecture"
                    + (optimizer.isPresent() ? " and the optimizer" : "") + ", got " + entries + " " + extra);
        }
        return new Checkpoint(Sequential.of(layers), optimizer);
    }

    /** The values the header's optimizer entries hold (0 without any); their shapes are checked by readOptimizer. */
    private static long optimizerElements(JsonNode header) {
        long total = 0;
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().startsWith(OPTIMIZER_PREFIX)) {
                long count = 1;
                for (int d : shape(f.getKey(), f.getValue().get("shape"))) {
                    count = saturatedMultiply(count, d);
                }
                total = saturatedAdd(total, count);
            }
        }
        return total;
    }

    /**
     * The optimizer state of a checkpoint: present exactly when {@value #OPTIMIZER_KEY} is; every
     * {@code optimizer.} tensor F32, named after a parameter of the architecture and shaped like it.
     */
    private static Optional<OptimizerState> readOptimizer(JsonNode header, FileChannel ch, long dataStart,
                                                          Map<String, int[]> parameterShapes, ByteBuffer chunk)
            throws IOException {
        List<String> names = new ArrayList<>();
        header.fieldNames().forEachRemaining(n -> {
            if (n.startsWith(OPTIMIZER_PREFIX)) {
                names.add(n);
            }
        });
        JsonNode metaNode = header.path("__metadata__").path(OPTIMIZER_KEY);
        if (metaNode.isMissingNode()) {
            if (!names.isEmpty()) {
                throw new IllegalArgumentException("tensor '" + names.get(0) + "': an optimizer tensor, but __metadata__"
                        + " has no '" + OPTIMIZER_KEY + "'");
            }
            return Optional.empty();
        }
        if (!metaNode.isTextual()) {
            throw new IllegalArgumentException(OPTIMIZER_KEY + ": expected a JSON string, got " + abbreviate(metaNode));
        }
        JsonNode meta = JSON.readTree(metaNode.asText());
        if (meta == null || !meta.path("optimizer").isTextual() || !meta.path("steps").canConvertToLong()
                || !meta.path("steps").isIntegralNumber() || meta.get("steps").longValue() < 0) {
            throw new IllegalArgumentException(OPTIMIZER_KEY + ": expected {\"optimizer\": name, \"steps\": count >= 0},"
                    + " got " + metaNode.asText());
        }
        Map<String, Tensor> slots = new LinkedHashMap<>();
        for (String name : names) {
            String key = name.substring(OPTIMIZER_PREFIX.length());
            int dot = key.lastIndexOf('.');
            int[] shape = dot > 0 ? parameterShapes.get(key.substring(0, dot)) : null;
            if (shape == null || isCount(key.substring(0, dot))) {
                throw new IllegalArgumentException("tensor '" + name + "': expected '" + OPTIMIZER_PREFIX
                        + "<parameter>.<slot>' for a parameter of the architecture " + parameterShapes.keySet());
            }
            Tensor t = read(header, ch, dataStart, name, shape, chunk);
            slots.put(key, Tensor.wrap(t.data(), t.size()));
        }
        return Optional.of(new OptimizerState(meta.get("optimizer").textValue(), meta.get("steps").longValue(), slots));
    }

    /** The state's slots as tensors shaped like their parameters, or an exception naming the first that fits none. */
    private static List<Map.Entry<String, Tensor>> optimizerTensors(Sequential model, OptimizerState state) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        List<String> names = model.parameterNames();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), model.parameters().get(i));
        }
        List<Map.Entry<String, Tensor>> out = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.slots().entrySet()) {
            Tensor p = params.get(OptimizerState.parameterOf(e.getKey()));
            if (p == null || p.size() != e.getValue().size()) {
                throw new IllegalArgumentException("optimizerState: slot '" + e.getKey() + "' expected to belong to a"
                        + " parameter of the model " + names + " and have its size, got " + e.getValue().size()
                        + " values");
            }
            out.add(Map.entry(OPTIMIZER_PREFIX + e.getKey(), Tensor.wrap(e.getValue().data(), p.shape())));
        }
        return out;
    }

    private static Tensor read(JsonNode header, FileChannel ch, long dataStart, String name, int[] expected,
                               ByteBuffer chunk) throws IOException {
        JsonNode entry = header.get(name);
        if (entry == null || !entry.isObject()) {
            throw new IllegalArgumentException("tensor '" + name + "' is missing");
        }
        boolean count = isCount(name);
        String dtype = entry.get("dtype").textValue();
        if (!dtype.equals(count ? "I64" : "F32")) {
            throw new IllegalArgumentException("tensor '" + name + "': expected dtype " + (count ? "I64" : "F32")
                    + ", got '" + dtype + "'");
        }
        if (!java.util.Arrays.equals(shape(name, entry.get("shape")), expected)) {
            throw new IllegalArgumentException("tensor '" + name + "': expected shape " + Tensor.shapeString(expected)
                    + ", got " + entry.get("shape"));
        }
        long begin = entry.get("data_offsets").get(0).longValue();   // range and size checked by checkEntries
        if (count) {
            return Tensor.count(readAt(ch, dataStart + begin, 8).getLong());   // a scalar (shape checked), kept exact
        }
        float[] values = new float[Tensor.checkedSize("tensor '" + name + "'", expected)];
        long position = dataStart + begin;
        for (int done = 0; done < values.length; ) {
            int floats = Math.min(values.length - done, CHUNK / 4);
            chunk.clear().limit(floats * 4);
            readFully(ch, chunk, position);
            chunk.flip();
            chunk.asFloatBuffer().get(values, done, floats);
            done += floats;
            position += floats * 4L;
        }
        return Tensor.wrap(values, expected);
    }

    /**
     * Checks every tensor entry of the header strictly — an object of exactly {@code dtype} (a string),
     * {@code shape} (an array of integers in [0, 2³¹)) and {@code data_offsets} (two integers), whose byte
     * range holds exactly shape × dtype size — and that the ranges cover the data exactly once: no gap, no overlap
     * (a tensor aliasing part of another), nothing after the last. Returns the total number of values.
     */
    private static long checkEntries(JsonNode header, long dataLength) {
        List<long[]> ranges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long elements = 0;
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode entry = f.getValue();
            if (!entry.isObject() || entry.size() != 3 || !entry.has("dtype") || !entry.has("shape")
                    || !entry.has("data_offsets")) {
                throw new IllegalArgumentException("tensor '" + name + "': expected an object of dtype, shape and"
                        + " data_offsets, got " + abbreviate(entry));
            }
            JsonNode dtype = entry.get("dtype");
            if (!dtype.isTextual()) {
                throw new IllegalArgumentException("tensor '" + name + "': dtype expected a string, got " + dtype);
            }
            int width = switch (dtype.textValue()) {
                case "F32" -> 4;
                case "I64" -> 8;
                default -> throw new IllegalArgumentException("tensor '" + name + "': expected dtype F32 or I64,"
                        + " got '" + dtype.textValue() + "'");
            };
            long count = 1;
            for (int d : shape(name, entry.get("shape"))) {
                count = saturatedMultiply(count, d);
            }
            long bytes = saturatedMultiply(count, width);
            JsonNode off = entry.get("data_offsets");
            if (!off.isArray() || off.size() != 2 || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()
                    || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()) {
                throw new IllegalArgumentException("tensor '" + name + "': data_offsets expected two integers, got "
                        + abbreviate(off));
            }
            long begin = off.get(0).longValue(), end = off.get(1).longValue();
            if (begin < 0 || end < begin || end > dataLength || end - begin != bytes) {
                throw new IllegalArgumentException("tensor '" + name + "': data_offsets " + off + " expected to hold "
                        + (bytes == Long.MAX_VALUE ? "more than 2^63" : Long.toString(bytes)) + " bytes (shape " + entry.get("shape") + " of " + dtype.textValue()
                        + ") inside the " + dataLength + " data bytes");
            }
            ranges.add(new long[]{begin, end, names.size()});
            names.add(name);
            elements += count;
        }
        ranges.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        long covered = 0;
        for (int r = 0; r < ranges.size(); r++) {
            long[] range = ranges.get(r);
            if (range[0] < covered) {
                throw new IllegalArgumentException("tensor '" + names.get((int) range[2]) + "': data_offsets ["
                        + range[0] + ", " + range[1] + ") overlap tensor '" + names.get((int) ranges.get(r - 1)[2])
                        + "' (each byte of data belongs to exactly one tensor)");
            }
            if (range[0] > covered) {
                throw new IllegalArgumentException("data: bytes [" + covered + ", " + range[0] + ") belong to no"
                        + " tensor (before '" + names.get((int) range[2]) + "')");
            }
            covered = range[1];
        }
        if (covered != dataLength) {
            throw new IllegalArgumentException("data: the tensors take " + covered + " bytes but the file holds "
                    + dataLength + " after the header (truncated or trailing bytes)");
        }
        return elements;
    }

    /** A shape node: an array of integers in [0, 2³¹), or an exception naming the tensor. */
    private static int[] shape(String name, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("tensor '" + name + "': shape expected an array, got " + abbreviate(node));
        }
        int[] shape = new int[node.size()];
        for (int d = 0; d < shape.length; d++) {
            JsonNode dim = node.get(d);
            if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.intValue() < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': shape expected integers in [0, "
                        + Integer.MAX_VALUE + "], got " + abbreviate(node));
            }
            shape[d] = dim.intValue();
        }
        return shape;
    }

    private static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** The tensors (state_dict names within the layer, shapes) the layer of {@code spec} holds, from its configuration. */
    private static List<Map.Entry<String, int[]>> declaredTensors(LayerSpec s, int index) {
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
                            Map.entry("running_var", f), Map.entry(COUNT_BUFFER, new int[0]));
                }
                case "Dropout", "ReLU", "Sigmoid", "Tanh", "Softmax", "Flatten" -> List.of();
                default -> throw new IllegalArgumentException("unknown layer type '" + s.type() + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("architecture layer " + index + ": " + e.getMessage(), e);
        }
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b), low = a * b;
        return a < 0 || b < 0 || high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static boolean isCount(String name) {
        return name.endsWith(COUNT_BUFFER);
    }

    /** Bytes moved per read or write: tensors of any size go through one reused 1 MiB buffer. */
    private static final int CHUNK = 1 << 20;

    private static void writeTensor(FileChannel ch, Tensor t, boolean asLong, ByteBuffer chunk) throws IOException {
        if (asLong) {
            chunk.clear();
            chunk.putLong(t.countValue()).flip();
            writeFully(ch, chunk);
            return;
        }
        float[] v = t.data();
        for (int done = 0; done < v.length; ) {
            int floats = Math.min(v.length - done, CHUNK / 4);
            chunk.clear();
            chunk.asFloatBuffer().put(v, done, floats);
            chunk.limit(floats * 4);
            writeFully(ch, chunk);
            done += floats;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
    }

    /** {@code length} bytes at {@code position}, little-endian, or an exception if the file ends first. */
    private static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, b, position);
        return b.flip();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, position);
            if (n < 0) {
                throw new IllegalArgumentException("truncated: the file ended at byte " + position + " while reading");
            }
            position += n;
        }
    }

    /** Names and tensors in state_dict order: per layer its parameters, then its buffers. */
    static List<Map.Entry<String, Tensor>> stateDict(Sequential model) {
        List<Map.Entry<String, Tensor>> out = new ArrayList<>();
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            for (int k = 0; k < l.parameters().size(); k++) {
                out.add(Map.entry(i + "." + l.parameterNames().get(k), l.parameters().get(k)));
            }
            for (int k = 0; k < l.buffers().size(); k++) {
                out.add(Map.entry(i + "." + l.bufferNames().get(k), l.buffers().get(k)));
            }
        }
        return out;
    }

    static ObjectNode architecture(Sequential model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "lanewise.Sequential");
        root.put("version", 1);
        ArrayNode layers = root.putArray("layers");
        for (Layer layer : model.layers()) {
            LayerSpec spec = layer.spec();
            ObjectNode node = layers.addObject();
            node.put("type", spec.type());
            for (Map.Entry<String, Number> e : spec.config().entrySet()) {
                Number v = e.getValue();
                if (v instanceof Float f) {
                    node.put(e.getKey(), f);
                } else {
                    node.put(e.getKey(), v.intValue());
                }
            }
        }
        return root;
    }

    private static List<LayerSpec> specs(JsonNode root) {
        if (!root.path("format").asText().equals("lanewise.Sequential") || root.path("version").asInt() != 1) {
            throw new IllegalArgumentException("architecture: expected format lanewise.Sequential version 1, got "
                    + root.path("format") + " version " + root.path("version"));
        }
        JsonNode layers = root.path("layers");
        if (!layers.isArray()) {
            throw new IllegalArgumentException("architecture: expected a 'layers' array");
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (JsonNode node : layers) {
            Map<String, Number> config = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            String type = null;
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getKey().equals("type")) {
                    type = f.getValue().asText();
                } else if (f.getValue().isNumber()) {
                    config.put(f.getKey(), f.getValue().numberValue());
                } else {
                    throw new IllegalArgumentException("architecture: '" + f.getKey() + "' expected a number, got " + f.getValue());
                }
            }
            if (type == null) {
                throw new IllegalArgumentException("architecture: layer " + specs.size() + " has no type");
            }
            specs.add(new LayerSpec(type, config));
        }
        return specs;
    }

    /** The layer of the spec's type and configuration around the tensors read for it (in declaredTensors order). */
    private static Layer build(LayerSpec s, int index, List<Tensor> t) {
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
