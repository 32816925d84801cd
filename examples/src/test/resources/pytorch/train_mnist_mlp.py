#!/usr/bin/env python3
"""Trains a small MNIST classifier in PyTorch (784-64-10, ReLU; 2 epochs of SGD with momentum) and writes what
PyTorchModelExampleTest and the service tests load — no Python needed to run them:

  mnist-mlp.safetensors   the state_dict (fc1.weight, fc1.bias, fc2.weight, fc2.bias: an nn.Module with named
                          layers, as most PyTorch code has), written the way safetensors.torch.save_file does
  mnist-expected.safetensors  the first 32 test images (pixels / 255, float32) and PyTorch's logits for them

    /usr/bin/python3 examples/src/test/resources/pytorch/train_mnist_mlp.py [MNIST_DIR]

MNIST_DIR holds the raw IDX files (default ~/.cache/lanewise/mnist, where mnist-demo puts them).
"""
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


def idx(path):
    with open(path, "rb") as f:
        magic, = struct.unpack(">I", f.read(4))
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def save_file(tensors, path):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        raw = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/lanewise/mnist")
    torch.manual_seed(1)
    x = torch.from_numpy(idx(os.path.join(data, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255)
    y = torch.from_numpy(idx(os.path.join(data, "train-labels-idx1-ubyte")).astype(np.int64))
    xt = torch.from_numpy(idx(os.path.join(data, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255)
    yt = torch.from_numpy(idx(os.path.join(data, "t10k-labels-idx1-ubyte")).astype(np.int64))
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    for epoch in range(2):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), 64):
            b = perm[i:i + 64]
            opt.zero_grad()
            nn.functional.cross_entropy(net(x[b]), y[b]).backward()
            opt.step()
    net.eval()
    with torch.no_grad():
        accuracy = (net(xt).argmax(1) == yt).float().mean().item()
        images = xt[:32]
        logits = net(images)
        h = images.double() @ net.fc1.weight.double().abs().T + net.fc1.bias.double().abs()
        magnitude = (h.relu() @ net.fc2.weight.double().abs().T + net.fc2.bias.double().abs()).float()
    print("test accuracy %.4f" % accuracy)
    save_file(dict(net.state_dict()), os.path.join(HERE, "mnist-mlp.safetensors"))
    save_file({"images": images, "labels": yt[:32].float(), "logits": logits, "abs_logits": magnitude},
              os.path.join(HERE, "mnist-expected.safetensors"))


if __name__ == "__main__":
    main()
