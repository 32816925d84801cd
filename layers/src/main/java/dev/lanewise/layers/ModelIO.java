package dev.lanewise.layers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Saves and loads models as <a href="https://github.com/huggingface/safetensors">safetensors</a>: an 8-byte
 * little-endian header length, a JSON header, then the raw tensors. Tensor names and shapes are those of
 * PyTorch's {@code nn.Sequential.state_dict()} ({@code 0.weight [out, in]}, {@code 0.bias}, Conv1d
 * {@code [Cout, Cin, K]}, BatchNorm {@code running_mean}, {@code running_var}, {@code num_batches_tracked} as
 * I64), float32 little-endian, so PyTorch can {@code load_state_dict} the file into the equivalent model. The
 * architecture is kept as JSON in the header's {@code __metadata__} under {@value #ARCHITECTURE_KEY}, which is
 * what {@link #load} rebuilds the model from; {@link #loadWeights} reads files without it (PyTorch's own) into an
 * architecture the caller declares.
 *
 * <p>Saving to a path writes a temporary file beside the target, forces it to disk and moves it into place
 * atomically, so a crash never leaves a half-written model. Loading checks everything (lengths, header JSON,
 * dtypes, names and shapes against the architecture, offsets inside the data and covering it exactly) before it
 * reads any tensor, and fails with an {@link IOException} naming the source and every problem found. Files and
 * streams are read front to back through one 1 MiB buffer: no whole-file copy, models of 2 GiB and more load.
 */
public final class ModelIO {
    /** Metadata key holding the architecture JSON. */
    public static final String ARCHITECTURE_KEY = "lanewise.architecture";
    /** Metadata key holding a checkpoint's optimizer name and step count (JSON). */
    public static final String OPTIMIZER_KEY = "lanewise.optimizer";
    private static final String OPTIMIZER_PREFIX = "optimizer.";
    private static final String STREAM = "model stream";

    private ModelIO() {
    }

    public static void save(Sequential model, Path file) throws IOException {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(file, "file: expected a path, got null");
        writeFile(model, null, file);
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
        writeFile(model, optimizerState, file);
    }

    /**
     * The model as {@link #save(Sequential, Path)} writes it, to a stream (a byte array to broadcast, a blob
     * store, a socket). The stream is flushed, not closed; nothing is buffered beyond one 1 MiB chunk.
     */
    public static void save(Sequential model, OutputStream out) throws IOException {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(out, "out: expected a stream, got null");
        write(model, null, Channels.newChannel(out));
        out.flush();
    }

    /** A model with the optimizer state saved beside it, if the file holds one. */
    public record Checkpoint(Sequential model, Optional<OptimizerState> optimizerState) {
        public Checkpoint {
            Objects.requireNonNull(model, "model: expected a model, got null");
            Objects.requireNonNull(optimizerState, "optimizerState: expected an Optional, got null");
        }
    }

    private static void writeFile(Sequential model, OptimizerState state, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // Not Files.createTempFile: its 0600 would make every saved model private; CREATE_NEW uses the umask (0644).
        Path tmp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                write(model, state, ch);
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

    private static void write(Sequential model, OptimizerState state, WritableByteChannel out) throws IOException {
        List<Map.Entry<String, Tensor>> tensors = stateDict(model);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put(ARCHITECTURE_KEY, ArchitectureFormat.write(model));
        if (state != null) {
            Map<String, Object> opt = new LinkedHashMap<>();
            opt.put("optimizer", state.optimizer());
            opt.put("steps", state.steps());
            meta.put(OPTIMIZER_KEY, Json.write(opt));
            tensors.addAll(optimizerTensors(model, state));
        }
        SafetensorsWriter.write(out, meta, tensors);
    }

    public static Sequential load(Path file) throws IOException {
        return loadCheckpoint(file).model();
    }

    /**
     * A model from a stream holding what {@link #save(Sequential, Path)} writes (a jar resource, a broadcast byte
     * array), checked as {@link #load(Path)} checks a file: the stream must end where the last tensor does. The
     * stream is read to its end, not closed.
     */
    public static Sequential load(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in: expected a stream, got null");
        return readStream(in, ModelIO::model).model();
    }

    /** The model and, if the file is a checkpoint, the optimizer state saved with it; checked as {@link #load}. */
    public static Checkpoint loadCheckpoint(Path file) throws IOException {
        Objects.requireNonNull(file, "file: expected a path, got null");
        return readFile(file, ModelIO::model);
    }

    /**
     * {@code architecture} holding the weights of any safetensors file whose tensor names are the architecture's
     * PyTorch {@code state_dict} names — {@code torch.save}'d through {@code safetensors.torch.save_file(
     * model.state_dict(), path)} from the equivalent {@code nn.Sequential}, no lanewise metadata needed. F32, F16,
     * BF16 and F64 tensors become float32; {@code num_batches_tracked} may be any I64 scalar. Every tensor of the
     * architecture must be in the file with its shape, and every tensor of the file must belong to it: missing,
     * extra and mis-shaped tensors are an IOException naming each of them. A lanewise checkpoint's optimizer
     * tensors are ignored.
     */
    public static Sequential loadWeights(Sequential architecture, Path file) throws IOException {
        return loadWeights(architecture, file, UnaryOperator.identity());
    }

    /**
     * {@link #loadWeights(Sequential, Path)} for files whose names differ from the architecture's: {@code rename}
     * maps each name in the file to the architecture's name ({@code "fc1.weight"} to {@code "0.weight"} for a
     * PyTorch module with attributes {@code fc1}, {@code fc2}), or to null to leave that tensor out.
     */
    public static Sequential loadWeights(Sequential architecture, Path file, UnaryOperator<String> rename)
            throws IOException {
        Objects.requireNonNull(architecture, "architecture: expected a model, got null");
        Objects.requireNonNull(file, "file: expected a path, got null");
        Objects.requireNonNull(rename, "rename: expected a function, got null");
        return readFile(file, header -> weights(architecture, header, rename)).model();
    }

    /**
     * Every tensor of any safetensors file, by name in data order, as float32 (F32, F16, BF16, F64; an I64 scalar
     * as its value): test vectors, embeddings, a state_dict to inspect before declaring its architecture. Checked
     * as {@link #load(Path)} checks a file; other dtypes are an IOException naming the tensor.
     */
    public static Map<String, Tensor> readTensors(Path file) throws IOException {
        Objects.requireNonNull(file, "file: expected a path, got null");
        Map<String, Tensor> out = new LinkedHashMap<>();
        readFile(file, "safetensors file", header -> {
            Map<String, String> names = new LinkedHashMap<>();
            header.entries().forEach(e -> names.put(e.name(), e.name()));
            return new Reading(names, tensors -> {
                out.putAll(tensors);
                return null;
            });
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** How a source's header turns into the names and shapes to read, and the tensors read into a model. */
    private interface Plan {
        Reading of(SafetensorsHeader header);
    }

    /** The file's names to read (file name to model name) and what to build from the tensors. */
    private record Reading(Map<String, String> names, java.util.function.Function<Map<String, Tensor>, Checkpoint> build) {
    }

    private static Checkpoint readFile(Path file, Plan plan) throws IOException {
        return readFile(file, "lanewise safetensors model", plan);
    }

    private static Checkpoint readFile(Path file, String what, Plan plan) throws IOException {
        try (FileChannel ch = open(file)) {
            return read(ch, ch.size(), plan);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a valid " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Checkpoint readStream(InputStream in, Plan plan) throws IOException {
        try {
            return read(Channels.newChannel(in), -1, plan);
        } catch (IllegalArgumentException e) {
            throw new IOException(STREAM + ": not a valid lanewise safetensors model: " + e.getMessage(), e);
        }
    }

    private static Checkpoint read(ReadableByteChannel in, long size, Plan plan) throws IOException {
        SafetensorsHeader header = SafetensorsHeader.read(in, size);
        Reading reading = plan.of(header);   // every name, dtype and shape checked before any tensor is read
        Map<String, Tensor> byFileName = SafetensorsReader.read(in, header, size >= 0, reading.names()::containsKey);
        if (size < 0) {
            SafetensorsReader.requireEnd(in, header.dataLength());
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        byFileName.forEach((name, t) -> tensors.put(reading.names().get(name), t));
        return reading.build().apply(tensors);
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
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A lanewise model file: the architecture from the metadata, its tensors and any optimizer state. */
    private static Reading model(SafetensorsHeader header) {
        String arch = header.meta(ARCHITECTURE_KEY);
        if (arch == null) {
            throw new IllegalArgumentException("header: no '" + ARCHITECTURE_KEY + "' in __metadata__ (not saved by"
                    + " lanewise; a PyTorch state_dict loads into a declared architecture with ModelIO.loadWeights)");
        }
        List<LayerSpec> specs = ArchitectureFormat.parse(arch);
        Map<String, int[]> expected = new LinkedHashMap<>();
        List<List<String>> layerTensors = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, int[]> t : ArchitectureFormat.declaredTensors(specs.get(i), i)) {
                expected.put(i + "." + t.getKey(), t.getValue());
                names.add(i + "." + t.getKey());
            }
            layerTensors.add(names);
        }
        Optional<Map.Entry<String, Long>> optimizer = optimizerMeta(header);
        Map<String, int[]> slotShapes = slotShapes(header, expected, optimizer.isPresent());
        Map<String, int[]> all = new LinkedHashMap<>(expected);
        all.putAll(slotShapes);
        Map<String, String> names = match(header, all, UnaryOperator.identity(), "the architecture");
        return new Reading(names, tensors -> {
            List<Layer> layers = new ArrayList<>(specs.size());
            for (int i = 0; i < specs.size(); i++) {
                layers.add(ArchitectureFormat.build(specs.get(i), i,
                        layerTensors.get(i).stream().map(tensors::get).toList()));
            }
            Optional<OptimizerState> state = optimizer.map(o -> {
                Map<String, Tensor> slots = new LinkedHashMap<>();
                for (String name : slotShapes.keySet()) {
                    Tensor t = tensors.get(name);
                    slots.put(name.substring(OPTIMIZER_PREFIX.length()), Tensor.wrap(t.data(), t.size()));
                }
                return new OptimizerState(o.getKey(), o.getValue(), slots);
            });
            return new Checkpoint(Sequential.of(layers), state);
        });
    }

    /** A PyTorch state_dict (or any safetensors file) read into the given architecture's parameters and buffers. */
    private static Reading weights(Sequential architecture, SafetensorsHeader header, UnaryOperator<String> rename) {
        Map<String, int[]> expected = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : stateDict(architecture)) {
            expected.put(e.getKey(), e.getValue().shape());
        }
        boolean checkpoint = header.meta(OPTIMIZER_KEY) != null;
        UnaryOperator<String> names = checkpoint
                ? n -> n.startsWith(OPTIMIZER_PREFIX) ? null : rename.apply(n) : rename;
        Map<String, String> fileToModel = match(header, expected, names, "the architecture " + architecture);
        return new Reading(fileToModel, tensors -> {
            List<Layer> layers = architecture.layers();
            List<List<Tensor>> parameters = new ArrayList<>(), buffers = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                int index = i;
                parameters.add(layers.get(i).parameterNames().stream().map(n -> tensors.get(index + "." + n)).toList());
                buffers.add(layers.get(i).bufferNames().stream().map(n -> tensors.get(index + "." + n)).toList());
            }
            return new Checkpoint(architecture.with(parameters, buffers), Optional.empty());
        });
    }

    /**
     * The file's tensor names mapped to the model's, after checking that they are exactly {@code expected}: each
     * present once, with its shape and a dtype it can be read as. Every problem is listed in one exception.
     */
    private static Map<String, String> match(SafetensorsHeader header, Map<String, int[]> expected,
                                             UnaryOperator<String> rename, String what) {
        List<String> problems = new ArrayList<>();
        Map<String, String> fileToModel = new LinkedHashMap<>();
        Map<String, String> modelToFile = new LinkedHashMap<>();
        List<String> extra = new ArrayList<>();
        for (SafetensorsHeader.Entry e : header.entries()) {
            String name = rename.apply(e.name());
            if (name == null) {
                continue;
            }
            int[] shape = expected.get(name);
            String label = "tensor '" + e.name() + "'" + (name.equals(e.name()) ? "" : " (as '" + name + "')");
            if (shape == null) {
                extra.add(e.describe());
            } else if (modelToFile.containsKey(name)) {
                problems.add(label + ": a second tensor for '" + name + "' (first '" + modelToFile.get(name) + "')");
            } else {
                modelToFile.put(name, e.name());
                fileToModel.put(e.name(), name);
                boolean count = SafetensorsWriter.isCount(name);
                if (count ? e.dtype() != SafetensorsHeader.Dtype.I64 : !e.dtype().isParameterType()) {
                    problems.add(label + ": expected dtype " + (count ? "I64" : "F32, F16, BF16 or F64") + ", got "
                            + e.dtype());
                }
                if (!Arrays.equals(shape, e.shape())) {
                    problems.add(label + ": expected shape " + Tensor.shapeString(shape) + ", got "
                            + Tensor.shapeString(e.shape()));
                }
            }
        }
        for (Map.Entry<String, int[]> t : expected.entrySet()) {
            if (!modelToFile.containsKey(t.getKey())) {
                problems.add("tensor '" + t.getKey() + "' is missing (expected " + Tensor.shapeString(t.getValue()) + ")");
            }
        }
        if (!extra.isEmpty()) {
            problems.add("tensors it does not hold: " + extra);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the tensors do not fit " + what + ": "
                    + (problems.size() == 1 ? "" : problems.size() + " problems: ") + String.join("; ", problems));
        }
        return fileToModel;
    }

    /** The optimizer name and steps of a checkpoint's {@value #OPTIMIZER_KEY} metadata, if present. */
    private static Optional<Map.Entry<String, Long>> optimizerMeta(SafetensorsHeader header) {
        String text = header.meta(OPTIMIZER_KEY);
        if (text == null) {
            return Optional.empty();
        }
        Object meta;
        try {
            meta = Json.parse(text);
        } catch (IllegalArgumentException e) {
            meta = null;
        }
        if (!(meta instanceof Map<?, ?> m) || !(m.get("optimizer") instanceof String name)
                || !(m.get("steps") instanceof Long steps) || steps < 0) {
            throw new IllegalArgumentException(OPTIMIZER_KEY + ": expected {\"optimizer\": name, \"steps\": count >= 0},"
                    + " got " + text);
        }
        return Optional.of(Map.entry(name, steps));
    }

    /**
     * The shapes of a checkpoint's {@code optimizer.<parameter>.<slot>} tensors: their parameter's. Such tensors
     * without {@value #OPTIMIZER_KEY} metadata, or naming no parameter, are an error.
     */
    private static Map<String, int[]> slotShapes(SafetensorsHeader header, Map<String, int[]> parameters,
                                                 boolean hasOptimizer) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : header.entries()) {
            if (!e.name().startsWith(OPTIMIZER_PREFIX)) {
                continue;
            }
            if (!hasOptimizer) {
                throw new IllegalArgumentException("tensor '" + e.name() + "': an optimizer tensor, but __metadata__"
                        + " has no '" + OPTIMIZER_KEY + "'");
            }
            String key = e.name().substring(OPTIMIZER_PREFIX.length());
            int dot = key.lastIndexOf('.');
            int[] shape = dot > 0 ? parameters.get(key.substring(0, dot)) : null;
            if (shape == null || SafetensorsWriter.isCount(key.substring(0, dot))) {
                throw new IllegalArgumentException("tensor '" + e.name() + "': expected '" + OPTIMIZER_PREFIX
                        + "<parameter>.<slot>' for a parameter of the architecture " + parameters.keySet());
            }
            out.put(e.name(), shape);
        }
        return out;
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

    /** Names and tensors in state_dict order: per layer its parameters, then its buffers. */
    static List<Map.Entry<String, Tensor>> stateDict(Sequential model) {
        return new ArrayList<>(model.stateDict().entrySet());   // callers append (a checkpoint adds its optimizer slots)
    }
}
