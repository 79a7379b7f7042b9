"""Times the PyTorch reference of the kd4j training-step benchmark (docs/benchmarks.md).

Same model and step as io.github.kd4j.core.bench.TrainStepBenchmark: the SPEC 5 TCN (channels
[128, 128], kernel 3, dropout 0.1) on input [2, 192, 96], loss (1 - CCC) + 1.0 * L1(teacher,
features), Adam(lr 1e-5, weight_decay 1e-4); plus inference latency (eval, no_grad) for one window
[1, 192, 96] and one 4000-step sequence. Prints one JSON object on stdout with medians in ms.

Run with Debian's interpreter: /usr/bin/python3 bench_torch_step.py [--threads 2] [--steps 200]
"""
import argparse
import json
import statistics
import time

import torch

from make_tcn_fixtures import Tcn, ccc_loss


def timed(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1e3)
    out.sort()
    return {"median_ms": statistics.median(out), "p10_ms": out[len(out) // 10],
            "p90_ms": out[(9 * len(out)) // 10], "reps": reps}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=200)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Tcn(192, [128, 128], 3, 0.1)
    x = torch.randn(2, 192, 96)
    label = torch.randn(2, 96).cumsum(dim=1) * 0.05
    teacher = torch.randn(2, 96, 128) * 0.1
    opt = torch.optim.Adam(model.parameters(), lr=1e-5, weight_decay=1e-4)

    def train_step():
        model.train()
        opt.zero_grad()
        features, pred = model(x)
        loss = ccc_loss(pred, label) + 1.0 * (teacher - features).abs().mean()
        loss.backward()
        opt.step()
        return loss.item()

    res = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    res["train_step"] = timed(train_step, 30, a.steps)
    model.eval()
    w = torch.randn(1, 192, 96)
    long_seq = torch.randn(1, 192, 4000)

    def infer(t):
        with torch.no_grad():
            return model(t)[1]

    res["infer_window"] = timed(lambda: infer(w), 30, a.steps)
    res["infer_4000"] = timed(lambda: infer(long_seq), 5, max(20, a.steps // 10))
    print(json.dumps(res))


if __name__ == "__main__":
    main()
