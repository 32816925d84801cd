#!/usr/bin/env python3
"""Writes the PyTorch fixtures PyTorchWeightsTest loads: state_dicts of small models saved as safetensors the way
`safetensors.torch.save_file(model.state_dict(), path)` does (written here by hand, so the script needs torch only:
Debian's python3-torch), and the inputs and PyTorch's eval-mode outputs in expected.safetensors.

    /usr/bin/python3 layers/src/test/resources/pytorch/make_fixtures.py

The files are committed; tests never run this script.
"""
import json
import os
import struct

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
          torch.int64: "I64"}


def save_file(tensors, path, metadata=None):
    """The safetensors layout: u64 header length, JSON header (8-byte aligned), tensors in order."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        t = t.detach().contiguous()
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


class Named(nn.Module):
    """A module with named attributes (state_dict names fc1.weight, ...), not an nn.Sequential."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 5)
        self.fc2 = nn.Linear(5, 3)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


def abs_path(model, x):
    """The model run in float64 on |x| with every weight and bias replaced by its absolute value (BatchNorm as the
    affine map it is in eval mode, x·s + t, with |s| and |μ·s| + |β|): the magnitude a rounding-error bound scales
    with (floating-point forward error of a sum is at most n·u times the sum of the absolute terms)."""
    h = x.double().abs()
    for layer in model:
        if isinstance(layer, nn.Linear):
            h = h @ layer.weight.double().abs().T + layer.bias.double().abs()
        elif isinstance(layer, nn.Conv1d):
            h = torch.nn.functional.conv1d(h, layer.weight.double().abs(), layer.bias.double().abs(),
                                           layer.stride, layer.padding, layer.dilation)
        elif isinstance(layer, nn.BatchNorm1d):
            s = layer.weight.double() / torch.sqrt(layer.running_var.double() + layer.eps)
            t = (layer.running_mean.double() * s).abs() + layer.bias.double().abs()
            h = h * s.abs()[None, :, None] + t[None, :, None] if h.dim() == 3 else h * s.abs() + t
        elif isinstance(layer, nn.Flatten):
            h = h.flatten(1)
    return h.float()


def main():
    torch.manual_seed(7)
    expected = {}

    mlp = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 3)).eval()
    x = torch.randn(4, 6)
    expected["mlp.input"] = x
    for dtype, tag in [(torch.float32, "F32"), (torch.float16, "F16"), (torch.bfloat16, "BF16"),
                       (torch.float64, "F64")]:
        state = {k: v.to(dtype) for k, v in mlp.state_dict().items()}
        save_file(state, os.path.join(HERE, "mlp-%s.safetensors" % tag.lower()), {"format": "pt"})
        # The float32 weights lanewise must read: the stored values converted back, exactly as torch converts.
        as_read = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 3)).eval()
        as_read.load_state_dict({k: v.to(torch.float32) for k, v in state.items()})
        for k, v in as_read.state_dict().items():
            expected["mlp.%s.%s" % (tag, k)] = v
        with torch.no_grad():
            expected["mlp.%s.output" % tag] = as_read(x)
            expected["mlp.%s.abs_output" % tag] = abs_path(as_read, x)

    conv = nn.Sequential(nn.Conv1d(2, 3, 3, padding=1), nn.BatchNorm1d(3), nn.ReLU(), nn.Flatten(),
                         nn.Linear(3 * 8, 4))
    opt = torch.optim.SGD(conv.parameters(), lr=0.1)
    for _ in range(3):   # a few training steps, so the running statistics and num_batches_tracked are not defaults
        opt.zero_grad()
        conv(torch.randn(5, 2, 8)).pow(2).mean().backward()
        opt.step()
    conv.eval()
    save_file(conv.state_dict(), os.path.join(HERE, "conv-bn.safetensors"), {"format": "pt"})
    xc = torch.randn(3, 2, 8)
    expected["conv.input"] = xc
    with torch.no_grad():
        expected["conv.output"] = conv(xc)
        expected["conv.abs_output"] = abs_path(conv, xc)

    named = Named().eval()
    save_file(named.state_dict(), os.path.join(HERE, "named-module.safetensors"), {"format": "pt"})
    with torch.no_grad():
        expected["named.output"] = named(x)
        expected["named.abs_output"] = abs_path([named.fc1, nn.ReLU(), named.fc2], x)

    save_file(expected, os.path.join(HERE, "expected.safetensors"))


if __name__ == "__main__":
    main()
