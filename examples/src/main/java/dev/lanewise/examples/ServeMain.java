package dev.lanewise.examples;

import dev.lanewise.layers.ModelIO;
import dev.lanewise.layers.Sequential;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code examples/bin/serve}: serves a model over HTTP until the process is stopped (Ctrl-C, SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves a model: POST /predict with {\"pixels\": [...]} answers {\"class\": k, \"probabilities\": [...]}.")
public final class ServeMain implements Callable<Integer> {
    static final class Source {
        @Option(names = "--model", description = "a lanewise model file (ModelIO.save, mnist-demo train --save)")
        Path model;
        @Option(names = "--resource", description = "a lanewise model file on the class path, e.g. /models/mnist.safetensors")
        String resource;
        @Option(names = "--pytorch", description = "a PyTorch state_dict of PyTorchModel's Net (fc1 784->64, fc2 64->10)")
        Path pytorch;
    }

    @ArgGroup(multiplicity = "1")
    Source source;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
    String host;
    @Option(names = "--port", defaultValue = "8080", description = "port, 0 for any free one (default ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--input-size", defaultValue = "784", description = "values per request (default ${DEFAULT-VALUE})")
    int inputSize;
    @Option(names = "--max-body", defaultValue = "" + InferenceService.DEFAULT_MAX_BODY_BYTES,
            description = "largest request body in bytes (default ${DEFAULT-VALUE})")
    int maxBody;

    @Override
    public Integer call() throws Exception {
        Sequential model = load();
        System.out.print(model.summary());
        InferenceService service = InferenceService.start(model, inputSize, new InetSocketAddress(host, port), maxBody);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }));
        System.out.println("serving " + service.predictUri());
        stopped.await();
        return 0;
    }

    private Sequential load() throws Exception {
        if (source.model != null) {
            return ModelIO.load(source.model);
        }
        if (source.pytorch != null) {
            return PyTorchModel.load(source.pytorch);
        }
        try (InputStream in = ServeMain.class.getResourceAsStream(source.resource)) {
            if (in == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--resource: no class-path resource "
                        + source.resource);
            }
            return ModelIO.load(in);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeMain()).execute(args));
    }
}
