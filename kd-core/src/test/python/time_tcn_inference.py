#!/usr/bin/python3
"""PyTorch CPU inference timing of the SPEC 5 TCN, to compare with OnnxInferenceBenchmark (Java, ORT).

Paper-sized student: inputSize 192, channels [128, 128], kernel 3; eval mode, torch.no_grad, float32,
2 threads. Inputs: one window [1, 192, 96], a batch of two windows, one 4000-step sequence.

    /usr/bin/python3 kd-core/src/test/python/time_tcn_inference.py
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_tcn_fixtures import Tcn  # noqa: E402


def time_it(model, what, x, warmup, runs):
    with torch.no_grad():
        for _ in range(warmup):
            model(x)
        ms = []
        for _ in range(runs):
            t0 = time.perf_counter()
            model(x)
            ms.append((time.perf_counter() - t0) * 1e3)
    ms.sort()
    print("PyTorch CPU %-28s median %8.3f ms  p10 %8.3f  p90 %8.3f  (%d runs)" % (
        what, ms[runs // 2], ms[runs // 10], ms[runs * 9 // 10], runs))


def main():
    torch.set_num_threads(2)
    torch.manual_seed(2022)
    model = Tcn(192, [128, 128], 3, 0.1).eval()
    print("torch %s, threads %d" % (torch.__version__, torch.get_num_threads()))
    time_it(model, "window [1, 96, 192]", torch.rand(1, 192, 96), 50, 300)
    time_it(model, "window batch [2, 96, 192]", torch.rand(2, 192, 96), 50, 300)
    time_it(model, "sequence [1, 4000, 192]", torch.rand(1, 192, 4000), 5, 40)


if __name__ == "__main__":
    main()
