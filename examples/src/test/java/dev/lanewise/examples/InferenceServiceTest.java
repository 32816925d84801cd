package dev.lanewise.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service on 127.0.0.1 and an ephemeral port, driven by the JDK's HTTP client: concurrent clients get the
 * serial answers, bad requests get a JSON error and leave the service serving, and close() stops it.
 */
class InferenceServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static InferenceService service;
    private static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        service = InferenceService.start(Fixtures.model(), 784, new InetSocketAddress("127.0.0.1", 0), 64 << 10);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() {
        service.close();
        client.close();
    }

    private static String body(float[] pixels) {
        StringBuilder sb = new StringBuilder("{\"pixels\":[");
        for (int i = 0; i < pixels.length; i++) {
            sb.append(i == 0 ? "" : ",").append(pixels[i]);
        }
        return sb.append("]}").toString();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(service.predictUri().resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The pixels of request r: a fixture image, every other one with noise added (clamped to [0, 1]). */
    private static float[] pixels(int r) {
        float[] p = Fixtures.image(r % 32);
        if (r % 2 == 1) {
            SplittableRandom rnd = new SplittableRandom(r);
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) Math.min(1, Math.max(0, p[i] + 0.2 * rnd.nextGaussian()));
            }
        }
        return p;
    }

    @Test
    void eightClientsOfFiveHundredRequestsGetTheSerialAnswers() throws Exception {
        int clients = 8, each = 500, distinct = 64;
        InferenceService.Prediction[] serial = new InferenceService.Prediction[distinct];
        String[] bodies = new String[distinct];
        for (int r = 0; r < distinct; r++) {
            serial[r] = service.predict(pixels(r));
            bodies[r] = body(pixels(r));
        }
        AtomicInteger errors = new AtomicInteger();
        long[] latencies = new long[clients * each];
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        int r = (client * each + i) % distinct;
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = post("/predict", bodies[r]);
                        latencies[client * each + i] = System.nanoTime() - t0;
                        JsonNode json = JSON.readTree(response.body());
                        float[] probabilities = new float[json.path("probabilities").size()];
                        for (int k = 0; k < probabilities.length; k++) {
                            probabilities[k] = json.get("probabilities").get(k).floatValue();
                        }
                        if (response.statusCode() != 200 || json.path("class").asInt(-1) != serial[r].label()
                                || !Arrays.equals(probabilities, serial[r].probabilities())) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("service load test: %d requests in %.2f s (%.0f/s), latency p50 %.0f us, p99 %.0f us%n",
                latencies.length, seconds, latencies.length / seconds, latencies[latencies.length / 2] / 1e3,
                latencies[latencies.length * 99 / 100] / 1e3);
        assertThat(errors.get()).as("requests answered wrongly or not at all").isZero();
    }

    @Test
    void badRequestsGetAJsonErrorAndTheServiceKeepsServing() throws Exception {
        float[] ok = Fixtures.image(0);
        String valid = body(ok);
        assertError(post("/predict", body(Arrays.copyOf(ok, 783))), 400, "expected 784 numbers, got 783");
        assertError(post("/predict", body(Arrays.copyOf(ok, 785))), 400, "expected 784 numbers, got more");
        assertError(post("/predict", "hello"), 400, "not valid JSON");
        assertError(post("/predict", ""), 400, "expected a JSON object");
        assertError(post("/predict", valid.replaceFirst("\\[[^,]*,", "[NaN,")), 400, "not valid JSON");
        assertError(post("/predict", valid.replaceFirst("\\[[^,]*,", "[1e999,")), 400, "expected a finite float");
        assertError(post("/predict", valid.replaceFirst("\\[[^,]*,", "[\"0.5\",")), 400, "expected a number");
        assertError(post("/predict", valid.replace("}", ",\"extra\":1}")), 400, "unexpected field 'extra'");
        assertError(post("/predict", valid + valid), 400, "more after it");
        assertError(post("/predict", "{\"pixels\":[" + "0.5,".repeat(40_000) + "0.5]}"), 413, "larger than 65536 bytes");
        assertError(post("/other", valid), 404, "no such path");
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(service.predictUri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(get, 405, "method GET not allowed");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> after = post("/predict", valid);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(JSON.readTree(after.body()).get("class").asInt()).isEqualTo(service.predict(ok).label());
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body()).path("error").asText()).contains(message);
    }

    @Test
    void closeStopsTheServiceCleanly() throws Exception {
        InferenceService other = InferenceService.start(Fixtures.model(), 784, new InetSocketAddress("127.0.0.1", 0),
                InferenceService.DEFAULT_MAX_BODY_BYTES);
        URI uri = other.predictUri();
        HttpRequest request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(
                body(Fixtures.image(1)))).build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        other.close();
        try (HttpClient fresh = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> fresh.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }
}
