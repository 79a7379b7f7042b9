#!/usr/bin/python3
"""Reference input gradients for SPEC 10's peak-response saliency, from PyTorch autograd.

Writes kd-core/src/test/resources/io/github/kd4j/core/nn/saliency_peak.txt (TensorFile format):
a TCN 12 -> [16, 8] (kernel 3) with perturbed parameters (make_tcn_fixtures.perturb: g != ||v||),
one sequence x [1, 12, 70] in evaluation mode, the index of its peak prediction, and
d prediction[peak] / d x (autograd in float64), in [T, 12] (time first, as kd4j's layout).
Run with /usr/bin/python3 (torch 1.13): /usr/bin/python3 kd-core/src/test/python/make_saliency_fixtures.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_tcn_fixtures as tf  # noqa: E402


def main():
    torch.set_num_threads(1)
    torch.manual_seed(31)
    gen = torch.Generator().manual_seed(32)
    model = tf.Tcn(12, [16, 8], 3, 0.1)
    tf.perturb(model, gen)
    model.eval()
    x = tf.quantize3(torch.randn(1, 12, 70, generator=gen))
    path = os.path.join(tf.OUT, "saliency_peak.txt")
    w = tf.Writer(path)
    w.comment("SPEC 10 peak-response input gradient; TCN 12 -> [16, 8], kernel 3, eval mode")
    w.comment("config inputSize=12 channels=16,8 kernel=3 dropout=0.1")
    params = tf.named_params(model)
    for pname, p in params.items():
        w.tensor(pname, p, tf.file_shape(pname, p))
    w.tensor("x", x.permute(0, 2, 1)[0], [70, 12])
    model = model.double()
    xd = x.double().clone().requires_grad_(True)
    _, pred = model(xd)
    peak = int(torch.argmax(pred[0]).item())
    pred[0, peak].backward()
    w.tensor("peak", torch.tensor([float(peak)]), [1])
    w.tensor("prediction", pred[0].detach(), [70])
    w.tensor("grad_x", xd.grad[0].permute(1, 0), [70, 12])
    w.close()
    print("wrote %s, peak at step %d" % (path, peak))


if __name__ == "__main__":
    main()
