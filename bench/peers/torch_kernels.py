#!/usr/bin/env python3
"""PyTorch side of the kernel benchmarks that have no JVM peer: Conv1d and softmax-cross-entropy.

Same problems as the bench's `Conv1dBench` (geometry N x Cin x L : Cout x K : s1p2d1, forward and
forward+backward: dx, dW, db) and `SoftmaxCrossEntropyBench` (mean loss and the gradient of the logits, m x n
logits, integer labels), float32, timed as a PyTorch user runs them (autograd for the backward passes).
Prints median time per operation with the interquartile range, per process; PyTorch picks its Conv1d algorithm
once per process (seen: two speeds, ~2x apart), so several processes are run and each is reported.

Not part of the test suite. Debian's `python3-torch` with OpenBLAS (`apt-get install python3-torch
libopenblas0-pthread`); pin the threads on both libraries:

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_kernels.py --threads 1

and compare with `mvn -pl bench jmh:run -Djmh.args="Conv1dBench|SoftmaxCrossEntropyBench"` in the same sitting.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time

CONV = ["32x16x512:32x5:s1p2d1"]
SOFTMAX = ["256x10", "4096x10", "4096x1000"]


def timed(fn, seconds):
    """Median and quartiles of the per-call time over batches of calls filling `seconds`, after a warm-up."""
    fn()
    t0 = time.perf_counter()
    calls = 0
    while time.perf_counter() - t0 < 0.3:
        fn()
        calls += 1
    per_batch = max(1, int(calls * 0.05 / 0.3))  # batches of ~50 ms
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(samples) < 5:
        s = time.perf_counter()
        for _ in range(per_batch):
            fn()
        samples.append((time.perf_counter() - s) / per_batch)
    q = statistics.quantiles(samples, n=4)
    return {"median_s": statistics.median(samples), "q1_s": q[0], "q3_s": q[2]}


def one_process(threads, seconds):
    import torch
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(1)
    out = []
    for geo in CONV:
        n, cin, length = (int(v) for v in geo.split(":")[0].split("x"))
        cout, k = (int(v) for v in geo.split(":")[1].split("x"))
        pad = int(geo.split(":")[2].split("p")[1].split("d")[0])
        x = torch.rand(n, cin, length, generator=g) * 2 - 1
        conv = torch.nn.Conv1d(cin, cout, k, padding=pad)
        dy = torch.rand(n, cout, length + 2 * pad - k + 1, generator=g) * 2 - 1
        with torch.no_grad():
            out.append({"bench": "conv1d.forward", "problem": geo, **timed(lambda: conv(x), seconds)})
        xg = x.clone().requires_grad_(True)

        def fwd_bwd():
            y = conv(xg)
            torch.autograd.grad(y, (xg, conv.weight, conv.bias), dy)

        out.append({"bench": "conv1d.forwardBackward", "problem": geo, **timed(fwd_bwd, seconds)})
    for shape in SOFTMAX:
        m, c = (int(v) for v in shape.split("x"))
        logits = (torch.rand(m, c, generator=g) * 10 - 5).requires_grad_(True)
        labels = torch.randint(0, c, (m,), generator=g)

        def loss_and_grad():
            loss = torch.nn.functional.cross_entropy(logits, labels)
            torch.autograd.grad(loss, logits)

        out.append({"bench": "softmaxCrossEntropy.lossAndGradient", "problem": shape, **timed(loss_and_grad, seconds)})
    return out


def fmt(s):
    return f"{s * 1e6:.1f} µs" if s < 1e-3 else f"{s * 1e3:.3f} ms"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seconds", type=float, default=2.0, help="measurement time per problem and process")
    p.add_argument("--processes", type=int, default=3, help="fresh processes (PyTorch picks algorithms per process)")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        print(json.dumps(one_process(a.threads, a.seconds)))
        return
    import torch
    print(f"PyTorch {torch.__version__}, {a.threads} thread(s), {a.processes} processes; median [q1, q3] per call")
    runs = []
    for _ in range(a.processes):
        res = subprocess.run([sys.executable, __file__, "--child", "--threads", str(a.threads), "--seconds",
                              str(a.seconds)], check=True, capture_output=True, text=True)
        runs.append(json.loads(res.stdout.strip().splitlines()[-1]))
    print("| benchmark | problem | " + " | ".join(f"process {i + 1}" for i in range(len(runs))) + " |")
    print("|---|---|" + "---:|" * len(runs))
    for row in range(len(runs[0])):
        r0 = runs[0][row]
        cells = [f"{fmt(r[row]['median_s'])} [{fmt(r[row]['q1_s'])}, {fmt(r[row]['q3_s'])}]" for r in runs]
        print(f"| {r0['bench']} | {r0['problem']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
