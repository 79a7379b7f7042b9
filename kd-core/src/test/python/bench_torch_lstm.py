"""Times the PyTorch reference of kd4j's LSTM training-step benchmark (docs/benchmarks.md).

Same model and step as io.github.kd4j.core.bench.LstmStepBenchmark: nn.LSTM(128, 64, num_layers=2,
batch_first=True, bidirectional=True, dropout=0.4) + per-step Linear(128, 1) on input [2, 96, 128],
loss 1 - CCC per window averaged over the batch, Adam(lr 1e-5, weight_decay 1e-4). Prints one JSON
object with medians in ms.

Run with Debian's interpreter: /usr/bin/python3 bench_torch_lstm.py [--threads 2] [--steps 200]
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn


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
    lstm = nn.LSTM(128, 64, num_layers=2, batch_first=True, bidirectional=True, dropout=0.4)
    reg = nn.Linear(128, 1)
    params = list(lstm.parameters()) + list(reg.parameters())
    x = torch.randn(2, 96, 128)
    label = torch.randn(2, 96).cumsum(dim=1) * 0.05
    opt = torch.optim.Adam(params, lr=1e-5, weight_decay=1e-4)

    def train_step():
        lstm.train()
        opt.zero_grad()
        pred = reg(lstm(x)[0]).squeeze(-1)
        mx = pred.mean(dim=1, keepdim=True)
        my = label.mean(dim=1, keepdim=True)
        sxy = ((pred - mx) * (label - my)).mean(dim=1)
        den = pred.var(dim=1, unbiased=False) + label.var(dim=1, unbiased=False) + (
            mx - my).squeeze(1) ** 2
        loss = (1 - 2 * sxy / den).mean()
        loss.backward()
        opt.step()
        return loss.item()

    res = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    res["train_step"] = timed(train_step, 30, a.steps)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
