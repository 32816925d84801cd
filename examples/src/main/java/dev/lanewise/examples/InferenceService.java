package dev.lanewise.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lanewise.layers.Sequential;
import dev.lanewise.layers.Softmax;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP inference service on the JDK's {@code com.sun.net.httpserver}: {@code POST /predict} with
 * {@code {"pixels": [n numbers]}} answers {@code {"class": k, "probabilities": [...]}}. One immutable model serves
 * every request, each on its own virtual thread, through {@link Sequential#predict(float[], int, float[])} (a batch
 * of one on the request's thread, no allocation in the model). Bad requests get a JSON error and the service keeps
 * serving: 400 for a body that is not the expected JSON (wrong length, non-finite numbers, not JSON), 413 for a
 * body over the limit, 404 and 405 for other paths and methods.
 */
public final class InferenceService implements AutoCloseable {
    /** Default body limit: 784 pixels as JSON text take 2–20 KB; 1 MiB leaves room and bounds a request's memory. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    private final Sequential model;
    private final int inputSize;
    private final int outputSize;
    private final boolean outputsProbabilities;
    private final int maxBodyBytes;
    private final HttpServer server;
    private final ExecutorService executor;

    private InferenceService(Sequential model, int inputSize, int maxBodyBytes, HttpServer server) {
        this.model = model;
        this.inputSize = inputSize;
        this.outputSize = model.predict(new float[inputSize]).length;   // also checks the model takes n inputs
        List<?> layers = model.layers();
        this.outputsProbabilities = !layers.isEmpty() && layers.getLast() instanceof Softmax;
        this.maxBodyBytes = maxBodyBytes;
        this.server = server;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving {@code model}, whose input rows hold {@code inputSize} values, on {@code address} (port 0:
     * an ephemeral port, see {@link #port()}).
     */
    public static InferenceService start(Sequential model, int inputSize, InetSocketAddress address, int maxBodyBytes)
            throws IOException {
        Objects.requireNonNull(model, "model: expected a model, got null");
        Objects.requireNonNull(address, "address: expected an address, got null");
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize: expected >= 1, got " + inputSize);
        }
        if (maxBodyBytes < 2) {
            throw new IllegalArgumentException("maxBodyBytes: expected >= 2, got " + maxBodyBytes);
        }
        HttpServer server = HttpServer.create(address, 0);
        InferenceService service = new InferenceService(model, inputSize, maxBodyBytes, server);
        server.start();
        return service;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port/predict}. */
    public URI predictUri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/predict");
    }

    /** The answer the service gives for {@code pixels}: the arg-max class and the probabilities (softmax of the output). */
    public Prediction predict(float[] pixels) {
        float[] out = new float[outputSize];
        model.predict(pixels, 1, out);
        float[] probabilities = outputsProbabilities ? out : softmax(out);
        int best = 0;
        for (int k = 1; k < out.length; k++) {
            if (out[k] > out[best]) {
                best = k;
            }
        }
        return new Prediction(best, probabilities);
    }

    /** A prediction: the class and its probabilities. */
    public record Prediction(int label, float[] probabilities) {
    }

    /** Stops accepting connections, lets requests in flight finish (up to a second) and ends their threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/predict")) {
                respond(exchange, 404, PredictionJson.error("no such path: " + exchange.getRequestURI().getPath()
                        + " (POST /predict)"));
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                respond(exchange, 405, PredictionJson.error("method " + exchange.getRequestMethod()
                        + " not allowed: POST a JSON body {\"pixels\": [...]}"));
                return;
            }
            byte[] body = body(exchange);
            if (body == null) {
                exchange.getResponseHeaders().set("Connection", "close");
                respond(exchange, 413, PredictionJson.error("body larger than " + maxBodyBytes + " bytes"));
                return;
            }
            float[] pixels;
            try {
                pixels = PredictionJson.pixels(body, inputSize);
            } catch (PredictionJson.BadRequest e) {
                respond(exchange, 400, PredictionJson.error(e.getMessage()));
                return;
            }
            Prediction p = predict(pixels);
            respond(exchange, 200, PredictionJson.prediction(p.label(), p.probabilities()));
        } catch (RuntimeException e) {
            respond(exchange, 500, PredictionJson.error("internal error: " + e));
        }
    }

    /**
     * The request body, or null if it is longer than the limit (declared or actual). An oversized body is read and
     * dropped up to {@link #DRAIN_BYTES} so that the client, still sending, gets the 413 instead of a reset
     * connection; past that the connection is closed.
     */
    private byte[] body(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (declared != null && Long.parseLong(declared.trim()) > maxBodyBytes) {
                in.skipNBytes(Math.min(Long.parseLong(declared.trim()), DRAIN_BYTES));
                return null;
            }
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                in.skip(DRAIN_BYTES);
                return null;
            }
            return body;
        } catch (NumberFormatException e) {
            return null;   // the server rejects a malformed length before the handler runs; be safe anyway
        }
    }

    /** How much of an oversized body is read and dropped before answering 413. */
    private static final long DRAIN_BYTES = 16L << 20;

    private static void respond(HttpExchange exchange, int status, byte[] json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    /** Probabilities from logits: exp(z − max) / Σ, in double so that no class underflows to a wrong zero early. */
    static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            e[k] = Math.exp(logits[k] - max);
            sum += e[k];
        }
        float[] p = new float[logits.length];
        for (int k = 0; k < logits.length; k++) {
            p[k] = (float) (e[k] / sum);
        }
        return p;
    }
}
