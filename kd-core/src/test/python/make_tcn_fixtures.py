#!/usr/bin/python3
"""Reference fixtures for kd4j's temporal convolutional network (SPEC sections 5 and 6).

Writes kd-core/src/test/resources/io/github/kd4j/core/nn/tcn_<case>.txt in the TensorFile text
format (`tensor <name> <dims>` then one line of values, `#` comments), one file per case.

The TCN is written here from SPEC 5 (not copied from any repository): Conv1d with padding (k-1)d on
both sides then a chomp of the last (k-1)d steps (causal), torch.nn.utils.weight_norm(dim=0),
nn.PReLU() with one slope (0.25), dropout, a plain 1x1 residual conv when widths differ, PReLU on
(net + residual); a per-step nn.Linear(c_L, 1) regressor.

Precision: parameters and inputs are drawn in float32 and written exactly (every value is a float32
number printed with repr of the float64 that holds it), then the model is converted to float64 and
every reference value (features, prediction, losses, gradients, Adam steps) is computed in float64.
Run with /usr/bin/python3 (torch 1.13.1, numpy), from anywhere:

    /usr/bin/python3 kd-core/src/test/python/make_tcn_fixtures.py
"""
import gzip
import io
import os
import sys

import torch
import torch.nn as nn
from torch.nn.utils import weight_norm

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "io", "github",
                   "kd4j", "core", "nn")

KD_WEIGHT = 0.7
LR = 1e-3
WEIGHT_DECAY = 1e-4

CASES = {
    "small": dict(input_size=5, channels=[6, 6, 4], kernel=3, batch=2, steps=30, seed=11),
    "k2": dict(input_size=4, channels=[3], kernel=2, batch=1, steps=9, seed=12),
    "medium": dict(input_size=16, channels=[32, 32], kernel=3, batch=2, steps=96, seed=13),
}


class CausalConv(nn.Module):
    """Conv1d padded by (k-1)d on both sides, then the last (k-1)d steps dropped."""

    def __init__(self, c_in, c_out, k, d):
        super().__init__()
        self.chomp = (k - 1) * d
        self.conv = nn.Conv1d(c_in, c_out, k, dilation=d, padding=self.chomp)
        # SPEC 5 init: v ~ N(0, 0.01) (std 0.01), bias keeps PyTorch's default U(-1/sqrt(fan_in), ..)
        self.conv.weight.data.normal_(0.0, 0.01)
        # weight_norm sets g = ||v|| per output channel, so w = v at initialisation
        self.conv = weight_norm(self.conv, dim=0)

    def forward(self, x):
        y = self.conv(x)
        return y[:, :, :-self.chomp] if self.chomp > 0 else y


class TemporalBlock(nn.Module):
    def __init__(self, c_in, c_out, k, d, p):
        super().__init__()
        self.conv1 = CausalConv(c_in, c_out, k, d)
        self.prelu1 = nn.PReLU()
        self.drop1 = nn.Dropout(p)
        self.conv2 = CausalConv(c_out, c_out, k, d)
        self.prelu2 = nn.PReLU()
        self.drop2 = nn.Dropout(p)
        self.down = None
        if c_in != c_out:
            self.down = nn.Conv1d(c_in, c_out, 1)
            self.down.weight.data.normal_(0.0, 0.01)
        self.prelu = nn.PReLU()

    def forward(self, x):
        out = self.drop1(self.prelu1(self.conv1(x)))
        out = self.drop2(self.prelu2(self.conv2(out)))
        res = x if self.down is None else self.down(x)
        return self.prelu(out + res)


class Tcn(nn.Module):
    """[B, C_in, T] -> features [B, T, c_L] and prediction [B, T]."""

    def __init__(self, input_size, channels, k, p):
        super().__init__()
        blocks = []
        for i, c in enumerate(channels):
            c_in = input_size if i == 0 else channels[i - 1]
            blocks.append(TemporalBlock(c_in, c, k, 2 ** i, p))
        self.blocks = nn.ModuleList(blocks)
        self.regressor = nn.Linear(channels[-1], 1)

    def forward(self, x):
        for b in self.blocks:
            x = b(x)
        features = x.transpose(1, 2)
        prediction = self.regressor(features).squeeze(-1)
        return features, prediction


def named_params(model):
    """kd4j TcnWeights names -> (tensor in PyTorch layout, squeeze for the file)."""
    out = {}
    for i, b in enumerate(model.blocks):
        p = "block%d." % i
        for cname in ("conv1", "conv2"):
            conv = getattr(b, cname).conv
            out[p + cname + ".v"] = conv.weight_v
            out[p + cname + ".g"] = conv.weight_g
            out[p + cname + ".b"] = conv.bias
            out[p + "prelu" + cname[-1]] = getattr(b, "prelu" + cname[-1]).weight
        if b.down is not None:
            out[p + "down.w"] = b.down.weight
            out[p + "down.b"] = b.down.bias
        out[p + "prelu"] = b.prelu.weight
    out["regressor.w"] = model.regressor.weight
    out["regressor.b"] = model.regressor.bias
    return out


def file_shape(name, t):
    if name.endswith(".g"):
        return [t.shape[0]]  # PyTorch [out, 1, 1]
    if name.endswith("down.w"):
        return [t.shape[0], t.shape[1]]  # PyTorch [out, in, 1]
    return list(t.shape)


def ccc_loss(pred, label):
    """Mean over the batch of 1 - CCC along time; population variances and covariance (SPEC 6)."""
    mx = pred.mean(dim=1, keepdim=True)
    my = label.mean(dim=1, keepdim=True)
    vx = ((pred - mx) ** 2).mean(dim=1)
    vy = ((label - my) ** 2).mean(dim=1)
    sxy = ((pred - mx) * (label - my)).mean(dim=1)
    rho = 2 * sxy / (vx + vy + (mx.squeeze(1) - my.squeeze(1)) ** 2)
    return (1 - rho).mean()


def student_loss(model, x, label, teacher):
    features, pred = model(x)
    c = ccc_loss(pred, label)
    kd = (teacher - features).abs().mean()
    return c, kd, c + KD_WEIGHT * kd


class Writer:
    def __init__(self, path):
        if path.endswith(".gz"):
            # mtime 0 and no file name in the header: the same bytes on every run
            raw = gzip.GzipFile(filename="", mode="wb", compresslevel=9, mtime=0,
                                fileobj=open(path, "wb"))
            self.f = io.TextIOWrapper(raw, encoding="ascii", newline="\n")
        else:
            self.f = open(path, "w")

    def comment(self, text):
        self.f.write("# " + text + "\n")

    def tensor(self, name, t, shape=None, fmt=None):
        """fmt None: repr (round-trips float64); else a %-format such as "%.8g"."""
        shape = list(t.shape) if shape is None else shape
        t = t.detach().to(torch.float64).reshape(-1)
        dims = " ".join(str(d) for d in shape)
        self.f.write(("tensor %s %s" % (name, dims)).rstrip() + "\n")
        if fmt is None:
            self.f.write(" ".join(repr(float(v)) for v in t.tolist()) + "\n")
        else:
            self.f.write(" ".join(fmt % v for v in t.tolist()) + "\n")

    def close(self):
        self.f.close()


def make_case(name, input_size, channels, kernel, batch, steps, seed):
    torch.manual_seed(seed)
    # float32 draws (exactly representable in float32), then float64 for the reference arithmetic
    model = Tcn(input_size, channels, kernel, 0.0)
    x = torch.randn(batch, input_size, steps)
    t = torch.arange(steps, dtype=torch.float32)
    phase = torch.rand(batch, 3) * 6.283
    freq = torch.tensor([0.05, 0.13, 0.31])
    label = (torch.sin(freq[None, :, None] * t[None, None, :] + phase[:, :, None])
             * torch.tensor([0.5, 0.25, 0.1])[None, :, None]).sum(dim=1)
    label = (label + 0.05 * torch.randn(batch, steps)).float()
    teacher = torch.randn(batch, steps, channels[-1]).float()
    model = model.double()
    x, label, teacher = x.double(), label.double(), teacher.double()

    path = os.path.join(OUT, "tcn_%s.txt" % name)
    w = Writer(path)
    w.comment("kd4j TCN reference fixture '%s', written by kd-core/src/test/python/make_tcn_fixtures.py" % name)
    w.comment("torch %s, seed %d; parameters and inputs are float32 values, everything else float64" % (torch.__version__, seed))
    w.comment("inputSize %d" % input_size)
    w.comment("channels %s" % " ".join(str(c) for c in channels))
    w.comment("kernel %d" % kernel)
    w.comment("batch %d steps %d kd_weight %r lr %r weight_decay %r adam betas (0.9, 0.999) eps 1e-8" % (
        batch, steps, KD_WEIGHT, LR, WEIGHT_DECAY))
    w.comment("features/prediction: eval mode; losses, gradients and Adam steps: train mode, dropout p = 0")

    params = named_params(model)
    for pname, p in params.items():
        w.tensor(pname, p, file_shape(pname, p))
    w.tensor("x", x)
    model.eval()
    with torch.no_grad():
        features, prediction = model(x)
    w.tensor("features", features)
    w.tensor("prediction", prediction)
    w.tensor("label", label)
    w.tensor("teacher", teacher)
    w.tensor("kd_weight", torch.tensor(KD_WEIGHT, dtype=torch.float64), [])

    model.train()
    c, kd, loss = student_loss(model, x, label, teacher)
    model.zero_grad()
    loss.backward()
    w.tensor("ccc_loss", c, [])
    w.tensor("kd_loss", kd, [])
    w.tensor("loss", loss, [])
    for pname, p in params.items():
        w.tensor("grad." + pname, p.grad, file_shape(pname, p))

    opt = torch.optim.Adam(model.parameters(), lr=LR, betas=(0.9, 0.999), eps=1e-8,
                           weight_decay=WEIGHT_DECAY)
    opt.step()
    for pname, p in params.items():
        w.tensor("adam1." + pname, p, file_shape(pname, p))
    opt.zero_grad()
    _, _, loss2 = student_loss(model, x, label, teacher)
    loss2.backward()
    w.tensor("loss_step2", loss2, [])
    opt.step()
    for pname, p in params.items():
        w.tensor("adam2." + pname, p, file_shape(pname, p))
    w.close()
    print("wrote %s (%d bytes)" % (os.path.normpath(path), os.path.getsize(path)))



# ------------------------------------------------------------------------------------------------
# Perturbed and trained cases (g != ||v||, padded window, KD over the valid steps only)

PERTURBED_CASES = {
    # SPEC widths: 192 EEG features -> [128, 128], a 96-step window; window 1 holds 61 real steps
    "spec": dict(input_size=192, channels=[128, 128], kernel=3, batch=2, steps=96, valid=[96, 61],
                 seed=21, train_steps=0),
    # the `small` shape after 40 float32 Adam steps (lr 1e-2) on its own batch; window 1 padded
    "trained": dict(input_size=5, channels=[6, 6, 4], kernel=3, batch=2, steps=30, valid=[30, 23],
                    seed=22, train_steps=40),
}


def quantize3(t):
    """Rounds to 3 significant digits, then to float32 via float64 (the path Java's
    Double.parseDouble + (float) takes), so that the short decimal written is the exact value."""
    flat = [float(repr(float("%.3g" % v))) for v in t.reshape(-1).tolist()]
    return torch.tensor(flat, dtype=torch.float64).to(torch.float32).reshape(t.shape)


def perturb(model, gen):
    """Parameters away from PyTorch's initialisation: v ~ N(0, 1/fan_in) (so w has gain ~ 1),
    g = ||v|| * U(0.5, 2) per output channel, biases U(-0.3, 0.3), PReLU slopes U(0.05, 0.6) at
    least 0.05 away from 0.25, 1x1 residual and regressor N(0, 1/fan_in). All rounded to 3
    significant digits (float32 values with short decimals, written exactly)."""
    def randn(*shape):
        return torch.randn(*shape, generator=gen)

    def rand(*shape):
        return torch.rand(*shape, generator=gen)

    with torch.no_grad():
        for b in model.blocks:
            for cname in ("conv1", "conv2"):
                conv = getattr(b, cname).conv
                out, cin, k = conv.weight_v.shape
                conv.weight_v.copy_(quantize3(randn(out, cin, k) / (cin * k) ** 0.5))
                norm = conv.weight_v.double().reshape(out, -1).norm(dim=1)
                g = norm * (0.5 + 1.5 * rand(out).double())
                conv.weight_g.copy_(quantize3(g.float()).reshape(out, 1, 1))
                conv.bias.copy_(quantize3(0.6 * rand(out) - 0.3))
            for pname in ("prelu1", "prelu2", "prelu"):
                a = 0.05 + 0.55 * rand(1)
                while abs(float(a) - 0.25) < 0.05:
                    a = 0.05 + 0.55 * rand(1)
                getattr(b, pname).weight.copy_(quantize3(a))
            if b.down is not None:
                out, cin, _ = b.down.weight.shape
                b.down.weight.copy_(quantize3(randn(out, cin, 1) / cin ** 0.5))
                b.down.bias.copy_(quantize3(0.6 * rand(out) - 0.3))
        c = model.regressor.weight.shape[1]
        model.regressor.weight.copy_(quantize3(randn(1, c) / c ** 0.5))
        model.regressor.bias.copy_(quantize3(0.2 * rand(1) - 0.1))


def masked_loss(model, x, label, teacher, valid):
    """SPEC 6 over the valid steps only (SPEC 7): mean over windows of 1 - CCC(pred[:n], label[:n])
    and the L1 mean over the sum(valid) * c_L valid feature values."""
    features, pred = model(x)
    cccs = []
    kd_sum = 0.0
    for b, n in enumerate(valid):
        cccs.append(ccc_loss(pred[b:b + 1, :n], label[b:b + 1, :n]))
        kd_sum = kd_sum + (teacher[b, :n] - features[b, :n]).abs().sum()
    c = torch.stack(cccs).mean()
    kd = kd_sum / (sum(valid) * features.shape[2])
    return c, kd, c + KD_WEIGHT * kd


def make_perturbed_case(name, input_size, channels, kernel, batch, steps, valid, seed, train_steps):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = Tcn(input_size, channels, kernel, 0.0)
    t = torch.arange(steps, dtype=torch.float32)
    phase = torch.rand(batch, 3, generator=gen) * 6.283
    freq = torch.tensor([0.05, 0.13, 0.31])
    label = (torch.sin(freq[None, :, None] * t[None, None, :] + phase[:, :, None])
             * torch.tensor([0.5, 0.25, 0.1])[None, :, None]).sum(dim=1)
    label = quantize3(label + 0.05 * torch.randn(batch, steps, generator=gen))
    x = quantize3(torch.randn(batch, input_size, steps, generator=gen))
    teacher = quantize3(torch.randn(batch, steps, channels[-1], generator=gen))
    # zero padding after the real steps, as kd4j's trainer builds its batches (SPEC 7)
    for b, n in enumerate(valid):
        x[b, :, n:] = 0
        label[b, n:] = 0
        teacher[b, n:, :] = 0

    if train_steps > 0:
        # float32 training from PyTorch's initialisation: g and ||v|| drift apart
        opt = torch.optim.Adam(model.parameters(), lr=1e-2)
        for _ in range(train_steps):
            opt.zero_grad()
            _, _, loss = masked_loss(model, x, label, teacher, valid)
            loss.backward()
            opt.step()
        exact = True  # trained float32 values, written with repr
    else:
        perturb(model, gen)
        exact = False  # 3-significant-digit values, written short
    params = named_params(model)
    g_ratio = []
    for pname, p in params.items():
        if pname.endswith(".g"):
            v = params[pname[:-1] + "v"].detach().double()
            norm = v.reshape(v.shape[0], -1).norm(dim=1)
            g_ratio.append((p.detach().double().reshape(-1) / norm))
    g_ratio = torch.cat(g_ratio)

    model = model.double()
    x, label, teacher = x.double(), label.double(), teacher.double()
    params = named_params(model)
    big = input_size * channels[0] > 1000
    pfmt = None if exact else "%.3g"  # both round-trip the float32 values exactly
    # the SPEC-width file must stay small (a few MB gzipped): fewer digits where the Java tolerances
    # allow it (relative rounding 5e-8 for gradients, checked to 1e-4 of each tensor's peak; 5e-9
    # for Adam results |p| < 3, checked to 2e-6 absolute; 5e-11 for features, checked to 1e-5),
    # and only the first Adam step's parameters (the second step's depend on which near-zero
    # gradients' signs float32 rounding flipped in step 1; loss_step2 is still written)
    gfmt = "%.7g" if big else None
    afmt = "%.8g" if big else None
    ffmt = "%.10g" if big else None

    model.eval()
    with torch.no_grad():
        features, prediction = model(x)
        _, pred0 = model(torch.zeros_like(x))
        # the same parameters without the weight-norm fold (w = v): what a missing fold changes
        saved = []
        for pname, p in params.items():
            if pname.endswith(".g"):
                v = params[pname[:-1] + "v"]
                saved.append((p, p.clone()))
                p.copy_(v.reshape(v.shape[0], -1).norm(dim=1).reshape(p.shape))
        _, pred_nofold = model(x)
        for p, old in saved:
            p.copy_(old)
    input_part = (prediction - pred0).abs().max().item()
    nofold = (prediction - pred_nofold).abs().max().item()

    path = os.path.join(OUT, "tcn_%s.txt%s" % (name, ".gz" if big else ""))
    w = Writer(path)
    w.comment("kd4j TCN reference fixture '%s', written by kd-core/src/test/python/make_tcn_fixtures.py" % name)
    w.comment("torch %s, seed %d; parameters and inputs are float32 values, everything else float64" % (torch.__version__, seed))
    w.comment("inputSize %d" % input_size)
    w.comment("channels %s" % " ".join(str(c) for c in channels))
    w.comment("kernel %d" % kernel)
    w.comment("batch %d steps %d kd_weight %r lr %r weight_decay %r adam betas (0.9, 0.999) eps 1e-8" % (
        batch, steps, KD_WEIGHT, LR, WEIGHT_DECAY))
    w.comment("valid %s: window b is zero-padded after valid[b] steps; losses use the valid steps only"
              % " ".join(str(n) for n in valid))
    if train_steps > 0:
        w.comment("parameters: %d float32 Adam steps (lr 1e-2) from PyTorch's initialisation" % train_steps)
    else:
        w.comment("parameters: perturbed (see perturb() in the script), 3 significant digits")
    w.comment("g / ||v|| per output channel: min %.4g, max %.4g (1 at PyTorch's initialisation)"
              % (g_ratio.min().item(), g_ratio.max().item()))
    w.comment("input-dependent part of the prediction: max |pred(x) - pred(0)| = %.4g (Java forward "
              "tolerance 1e-5 (1 + |value|))" % input_part)
    w.comment("missing weight-norm fold (w = v): max |prediction change| = %.4g" % nofold)
    w.comment("features/prediction: eval mode; losses, gradients and Adam steps: train mode, dropout p = 0")

    for pname, p in params.items():
        w.tensor(pname, p, file_shape(pname, p), pfmt)
    w.tensor("x", x, None, pfmt)
    w.tensor("features", features, None, ffmt)
    w.tensor("prediction", prediction, None, ffmt)
    w.tensor("label", label, None, pfmt)
    w.tensor("teacher", teacher, None, pfmt)
    w.tensor("valid", torch.tensor(valid, dtype=torch.float64), None, "%d")
    w.tensor("kd_weight", torch.tensor(KD_WEIGHT, dtype=torch.float64), [])

    model.train()
    c, kd, loss = masked_loss(model, x, label, teacher, valid)
    model.zero_grad()
    loss.backward()
    w.tensor("ccc_loss", c, [])
    w.tensor("kd_loss", kd, [])
    w.tensor("loss", loss, [])
    for pname, p in params.items():
        w.tensor("grad." + pname, p.grad, file_shape(pname, p), gfmt)

    opt = torch.optim.Adam(model.parameters(), lr=LR, betas=(0.9, 0.999), eps=1e-8,
                           weight_decay=WEIGHT_DECAY)
    opt.step()
    for pname, p in params.items():
        w.tensor("adam1." + pname, p, file_shape(pname, p), afmt)
    opt.zero_grad()
    _, _, loss2 = masked_loss(model, x, label, teacher, valid)
    loss2.backward()
    w.tensor("loss_step2", loss2, [])
    opt.step()
    if not big:
        for pname, p in params.items():
            w.tensor("adam2." + pname, p, file_shape(pname, p), afmt)
    w.close()
    print("wrote %s (%d bytes); g/||v|| in [%.3g, %.3g], input part %.3g, no-fold change %.3g" % (
        os.path.normpath(path), os.path.getsize(path), g_ratio.min().item(), g_ratio.max().item(),
        input_part, nofold))


if __name__ == "__main__":
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    only = sys.argv[1:]  # optional case names; default all
    for case, cfg in CASES.items():
        if not only or case in only:
            make_case(case, **cfg)
    for case, cfg in PERTURBED_CASES.items():
        if not only or case in only:
            make_perturbed_case(case, **cfg)
