package dev.lanewise.examples;

import dev.lanewise.layers.Init;
import dev.lanewise.layers.Linear;
import dev.lanewise.layers.ModelIO;
import dev.lanewise.layers.ReLU;
import dev.lanewise.layers.Sequential;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Loading a model trained in PyTorch: the architecture declared in lanewise (the same layers as the PyTorch
 * module), the weights read from the {@code state_dict} saved as safetensors. The PyTorch side:
 * <pre>{@code
 * class Net(nn.Module):                       # fc1 -> ReLU -> fc2
 *     def __init__(self):
 *         super().__init__()
 *         self.fc1 = nn.Linear(784, 64)
 *         self.fc2 = nn.Linear(64, 10)
 * ...
 * safetensors.torch.save_file(net.state_dict(), "mnist-mlp.safetensors")
 * }</pre>
 * An {@code nn.Sequential} names its tensors {@code 0.weight}, {@code 2.weight}, as lanewise does, and loads with
 * {@link ModelIO#loadWeights(Sequential, Path)} alone; a module with named attributes maps its names.
 */
public final class PyTorchModel {
    private PyTorchModel() {
    }

    /** The architecture of {@code Net} above; its initial weights are replaced by the file's. */
    public static Sequential architecture() {
        return Sequential.of(Linear.create(784, 64, Init.heNormal(), 0), new ReLU(), Linear.create(64, 10, Init.heNormal(), 0));
    }

    /** {@code Net}'s state_dict ({@code fc1.*}, {@code fc2.*}) as a lanewise model. */
    public static Sequential load(Path stateDict) throws IOException {
        return ModelIO.loadWeights(architecture(), stateDict, name -> name.replace("fc1.", "0.").replace("fc2.", "2."));
    }
}
