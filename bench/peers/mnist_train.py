#!/usr/bin/env python3
"""PyTorch twin of `mnist-demo train` (the default mlp architecture), for side-by-side end-to-end comparisons.

Same data (the raw IDX files lanewise caches in ~/.cache/lanewise/mnist, or --data DIR), same split sizes
(50k train / 10k validation, seeded shuffle), same model (784-hidden-10 ReLU MLP, He-normal weights, zero
biases), same optimizer semantics (SGD with momentum, L2 weight decay on weights only, learning rate times
--lr-decay after every epoch), same batch size, validation after every epoch and the test accuracy of the
best-validation model. Prints one line per epoch with samples/s, like the demo.

Not part of the test suite. Run with Debian's python3-torch, with an OpenBLAS package installed
(`apt-get install python3-torch libopenblas0-pthread`): Debian's torch calls the generic libblas.so.3, which
is netlib's reference BLAS until OpenBLAS provides it (a 64x784x300 matmul then takes 8 ms instead of 0.3).
Pin the thread count on both libraries:

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 bench/peers/mnist_train.py --threads 1 \
        --epochs 5 --lr 0.1 --momentum 0 --weight-decay 0 --lr-decay 1

and compare with `mnist-demo/bin/mnist-demo train --threads 1` and the same flags, each under
`/usr/bin/time -v`, interleaved.
"""
import argparse
import os
import struct
import time

import numpy as np
import torch


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=os.path.expanduser("~/.cache/lanewise/mnist"))
    p.add_argument("--hidden", type=int, default=300)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--lr-decay", type=float, default=0.9)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()

    start = time.perf_counter()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = read_idx(os.path.join(a.data, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0
    y = read_idx(os.path.join(a.data, "train-labels-idx1-ubyte")).astype(np.int64)
    tx = read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0
    ty = read_idx(os.path.join(a.data, "t10k-labels-idx1-ubyte")).astype(np.int64)
    order = np.random.default_rng(a.seed).permutation(len(x))
    x, y = torch.from_numpy(x[order]), torch.from_numpy(y[order])
    train_x, train_y, val_x, val_y = x[:50000], y[:50000], x[50000:], y[50000:]
    test_x, test_y = torch.from_numpy(tx), torch.from_numpy(ty)

    model = torch.nn.Sequential(torch.nn.Linear(784, a.hidden), torch.nn.ReLU(), torch.nn.Linear(a.hidden, 10))
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            torch.nn.init.zeros_(m.bias)
    decay = [q for n, q in model.named_parameters() if q.dim() >= 2]
    rest = [q for n, q in model.named_parameters() if q.dim() < 2]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": a.weight_decay}, {"params": rest, "weight_decay": 0.0}],
                          lr=a.lr, momentum=a.momentum)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=a.lr_decay)
    loss_fn = torch.nn.CrossEntropyLoss()
    print(f"mlp: {len(train_x)} train / {len(val_x)} validation / {len(test_x)} test samples, sgd, lr {a.lr}, "
          f"{a.threads} threads (torch {torch.__version__})", flush=True)

    def evaluate(xs, ys):
        model.eval()
        with torch.no_grad():
            out = torch.cat([model(xs[i:i + 500]) for i in range(0, len(xs), 500)])
        model.train()
        return loss_fn(out, ys).item(), (out.argmax(1) == ys).float().mean().item()

    best, best_acc, best_epoch = None, -1.0, 0
    gen = torch.Generator().manual_seed(a.seed)
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        perm = torch.randperm(len(train_x), generator=gen)
        total, correct = 0.0, 0
        for i in range(0, len(train_x), a.batch):
            idx = perm[i:i + a.batch]
            bx, by = train_x[idx], train_y[idx]
            out = model(bx)
            loss = loss_fn(out, by)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            correct += (out.argmax(1) == by).sum().item()
        seconds = time.perf_counter() - t0
        val_loss, val_acc = evaluate(val_x, val_y)
        print(f"epoch {epoch}: train loss {total / len(train_x):.4f} acc {100 * correct / len(train_x):.2f}% | "
              f"val loss {val_loss:.4f} acc {100 * val_acc:.2f}% | {seconds:.2f} s, "
              f"{len(train_x) / seconds:.0f} samples/s", flush=True)
        if val_acc > best_acc:
            best_acc, best_epoch = val_acc, epoch
            best = {k: v.clone() for k, v in model.state_dict().items()}
        sched.step()
    model.load_state_dict(best)
    test_loss, test_acc = evaluate(test_x, test_y)
    print(f"test (best validation model, epoch {best_epoch}): loss {test_loss:.4f}, accuracy {100 * test_acc:.2f}%")
    print(f"total {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
