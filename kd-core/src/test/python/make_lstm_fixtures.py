#!/usr/bin/python3
"""Reference fixtures for kd4j's LSTM baseline (SPEC 13) and its losses (SPEC 6).

Writes kd-core/src/test/resources/io/github/kd4j/core/nn/lstm_<case>.txt in the TensorFile text
format (`tensor <name> <dims>` then one line of values, `#` comments), one file per case.

The model is PyTorch's own nn.LSTM(d, H, num_layers, batch_first=True, bidirectional=True,
dropout=0) followed by a per-step nn.Linear(2H, 1), with PyTorch's default initialisation.

Precision: parameters and inputs are drawn in float32, rounded to 6 significant digits and rounded
back to float32; they are written as those short decimals, which Java's (float) Double.parseDouble
maps to the very same float32 values. The model then runs in float64, and every reference value
(features, prediction, losses, gradients, Adam steps) is a float64 result, written with %.12g
(gradients: %.8g, far below float32 noise) or repr.

Windows are padded at the end (SPEC 7): window 1 of each case has `valid` < T real steps and zeros
after them (inputs and labels); the LSTM runs over the whole padded window, as the reference does,
and the losses use only the valid steps. Run with /usr/bin/python3 (torch 1.13.1), from anywhere:

    /usr/bin/python3 kd-core/src/test/python/make_lstm_fixtures.py
"""
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "io", "github",
                   "kd4j", "core", "nn")

KD_WEIGHT = 0.7
LR = 1e-3
WEIGHT_DECAY = 1e-4

CASES = {
    "small": dict(input_size=5, hidden=4, layers=2, batch=2, steps=7, valid=[7, 5], seed=21,
                  adam=True),
    "spec": dict(input_size=32, hidden=64, layers=2, batch=2, steps=96, valid=[96, 80], seed=22,
                 adam=False),
}


class LstmRegressor(nn.Module):
    """[B, T, d] -> features [B, T, 2H] (top layer, forward then reverse) and prediction [B, T]."""

    def __init__(self, input_size, hidden, layers):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden, num_layers=layers, batch_first=True,
                            bidirectional=True, dropout=0.0)
        self.regressor = nn.Linear(2 * hidden, 1)

    def forward(self, x):
        features, _ = self.lstm(x)  # zero initial states
        return features, self.regressor(features).squeeze(-1)


def named_params(model):
    out = {}
    for name, p in model.lstm.named_parameters():
        out["lstm." + name] = p
    out["regressor.w"] = model.regressor.weight
    out["regressor.b"] = model.regressor.bias
    return out


def short_float32(t):
    """Rounds to 6 significant digits and back to float32; returns the tensor and its strings."""
    strings = ["%.6g" % v for v in t.reshape(-1).tolist()]
    vals = torch.tensor([float(s) for s in strings], dtype=torch.float32).reshape(t.shape)
    return vals, strings


def losses(features, pred, label, teacher, valid):
    """1 - CCC per window over its valid steps (population moments), averaged over windows; the
    mean |teacher - features| over valid steps and features; and ccc + KD_WEIGHT * kd."""
    cccs = []
    kd_sum = 0.0
    count = 0
    for b, n in enumerate(valid):
        x = pred[b, :n]
        y = label[b, :n]
        mx, my = x.mean(), y.mean()
        vx = ((x - mx) ** 2).mean()
        vy = ((y - my) ** 2).mean()
        sxy = ((x - mx) * (y - my)).mean()
        cccs.append(1 - 2 * sxy / (vx + vy + (mx - my) ** 2))
        kd_sum = kd_sum + (teacher[b, :n] - features[b, :n]).abs().sum()
        count += n * features.shape[2]
    c = torch.stack(cccs).mean()
    kd = kd_sum / count
    return c, kd, c + KD_WEIGHT * kd


class Writer:
    def __init__(self, path):
        self.f = open(path, "w")

    def comment(self, text):
        self.f.write("# " + text + "\n")

    def raw(self, name, shape, strings):
        dims = " ".join(str(d) for d in shape)
        self.f.write(("tensor %s %s" % (name, dims)).rstrip() + "\n")
        self.f.write(" ".join(strings) + "\n")

    def tensor(self, name, t, shape=None, fmt=None):
        shape = list(t.shape) if shape is None else shape
        vals = t.detach().to(torch.float64).reshape(-1).tolist()
        self.raw(name, shape, [repr(float(v)) if fmt is None else fmt % v for v in vals])

    def close(self):
        self.f.close()


def make_case(name, input_size, hidden, layers, batch, steps, valid, seed, adam):
    torch.manual_seed(seed)
    model = LstmRegressor(input_size, hidden, layers)
    params = named_params(model)
    strings = {}
    with torch.no_grad():
        for pname, p in params.items():
            v, s = short_float32(p.data)
            p.copy_(v)
            strings[pname] = s
    x, xs = short_float32(torch.randn(batch, steps, input_size))
    t = torch.arange(steps, dtype=torch.float32)
    phase = torch.rand(batch, 3) * 6.283
    freq = torch.tensor([0.05, 0.13, 0.31])
    label = (torch.sin(freq[None, :, None] * t[None, None, :] + phase[:, :, None])
             * torch.tensor([0.5, 0.25, 0.1])[None, :, None]).sum(dim=1)
    label = label + 0.05 * torch.randn(batch, steps)
    teacher = torch.randn(batch, steps, 2 * hidden)
    for b, n in enumerate(valid):  # padding at the end (SPEC 7)
        x[b, n:] = 0
        label[b, n:] = 0
        teacher[b, n:] = 0
    x, xs = short_float32(x)
    label, ls = short_float32(label)
    teacher, ts = short_float32(teacher)
    model = model.double()
    x, label, teacher = x.double(), label.double(), teacher.double()

    path = os.path.join(OUT, "lstm_%s.txt" % name)
    w = Writer(path)
    w.comment("kd4j LSTM reference fixture '%s', written by kd-core/src/test/python/make_lstm_fixtures.py" % name)
    w.comment("torch %s, seed %d; parameters and inputs are float32 values, everything else float64" % (torch.__version__, seed))
    w.comment("inputSize %d" % input_size)
    w.comment("hidden %d" % hidden)
    w.comment("layers %d" % layers)
    w.comment("batch %d steps %d kd_weight %r lr %r weight_decay %r adam betas (0.9, 0.999) eps 1e-8" % (
        batch, steps, KD_WEIGHT, LR, WEIGHT_DECAY))
    w.comment("features/prediction: eval mode; losses, gradients and Adam steps: dropout p = 0")
    for pname, p in params.items():
        w.raw(pname, list(p.shape), strings[pname])
    w.raw("x", list(x.shape), xs)
    w.tensor("valid", torch.tensor(valid, dtype=torch.float64), fmt="%d")
    w.raw("label", list(label.shape), ls)
    w.raw("teacher", list(teacher.shape), ts)
    w.tensor("kd_weight", torch.tensor(KD_WEIGHT, dtype=torch.float64), [])

    model.eval()
    with torch.no_grad():
        features, prediction = model(x)
    w.tensor("features", features, fmt="%.10g")
    w.tensor("prediction", prediction, fmt="%.10g")

    model.train()
    xg = x.clone().requires_grad_(True)
    features, prediction = model(xg)
    c, kd, loss = losses(features, prediction, label, teacher, valid)
    model.zero_grad()
    loss.backward()
    w.tensor("ccc_loss", c, [])
    w.tensor("kd_loss", kd, [])
    w.tensor("loss", loss, [])
    for pname, p in params.items():
        w.tensor("grad." + pname, p.grad, fmt="%.8g")
    w.tensor("grad.x", xg.grad, fmt="%.8g")

    if adam:
        opt = torch.optim.Adam(model.parameters(), lr=LR, betas=(0.9, 0.999), eps=1e-8,
                               weight_decay=WEIGHT_DECAY)
        opt.step()
        for pname, p in params.items():
            w.tensor("adam1." + pname, p)
        opt.zero_grad()
        features, prediction = model(x)
        _, _, loss2 = losses(features, prediction, label, teacher, valid)
        loss2.backward()
        w.tensor("loss_step2", loss2, [])
        opt.step()
        for pname, p in params.items():
            w.tensor("adam2." + pname, p)
    w.close()
    print("wrote %s (%d bytes)" % (os.path.normpath(path), os.path.getsize(path)))


if __name__ == "__main__":
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    for case, cfg in CASES.items():
        make_case(case, **cfg)
