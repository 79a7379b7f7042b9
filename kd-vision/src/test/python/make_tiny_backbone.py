"""Writes the tiny frame backbones and their PyTorch reference outputs for kd-vision's tests.

Run from the repository root with Debian's interpreter (python3-torch 1.13, python3-onnx 1.12):

    /usr/bin/python3 kd-vision/src/test/python/make_tiny_backbone.py

Outputs, in kd-vision/src/test/resources/io/github/kd4j/vision/backbone/:
  tiny_backbone_40.onnx  input [N, 3, 40, 40] -> output [N, 32]
  tiny_backbone_48.onnx  the same weights, input [N, 3, 48, 48]
  tiny_backbone_gray.onnx  input [N, 1, 40, 40] (wrong channel count, for the error test)
  tiny_backbone_nan.onnx  input [N, 3, 40, 40], a NaN bias (for the finite-output test)
  tiny_backbone.txt  two uint8 frames, three transformed views of them and the backbone outputs
"""

import os

import numpy as np
import onnx
import torch
from torch import nn

OUT = os.path.join("kd-vision", "src", "test", "resources", "io", "github", "kd4j", "vision", "backbone")
OPSET = 17


class TinyBackbone(nn.Module):
    """conv 3x3/2 -> ReLU -> conv 3x3/2 -> ReLU -> global average pool -> linear 32."""

    def __init__(self, channels=3):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 8, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.fc = nn.Linear(16, 32)

    def forward(self, x):
        h = torch.relu(self.conv1(x))
        h = torch.relu(self.conv2(h))
        return self.fc(h.mean(dim=(2, 3)))


def export(model, channels, size, name):
    path = os.path.join(OUT, name)
    dummy = torch.zeros(2, channels, size, size)
    torch.onnx.export(
        model,
        dummy,
        path,
        input_names=["image"],
        output_names=["embedding"],
        dynamic_axes={"image": {0: "N"}, "embedding": {0: "N"}},
        opset_version=OPSET,
        do_constant_folding=True,
    )
    onnx.checker.check_model(onnx.load(path))
    return path


def frames():
    """Two 48x48x3 uint8 frames (HWC, RGB) from a fixed formula with no symmetry."""
    f = np.zeros((2, 48, 48, 3), dtype=np.int64)
    for n in range(2):
        for y in range(48):
            for x in range(48):
                for c in range(3):
                    f[n, y, x, c] = (n * 37 + y * 11 + x * 7 + c * 53 + (x * y) % 13 + (x * x) % 5) % 256
    return f.astype(np.uint8)


def view(frame, x0, y0, flip, size):
    """Crop size x size at column x0, row y0 of an HWC frame, then mirror left-right; CHW uint8."""
    crop = frame[y0 : y0 + size, x0 : x0 + size, :]
    if flip:
        crop = crop[:, ::-1, :]
    return np.ascontiguousarray(crop.transpose(2, 0, 1))


def normalise(u8):
    t = torch.from_numpy(u8.astype(np.float32))
    return ((t / 255.0) - 0.5) / 0.5


def line(values, fmt):
    return " ".join(fmt % v for v in np.asarray(values).reshape(-1))


def main():
    torch.manual_seed(20221129)
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    model = TinyBackbone().eval()
    export(model, 3, 40, "tiny_backbone_40.onnx")
    export(model, 3, 48, "tiny_backbone_48.onnx")
    gray = TinyBackbone(1).eval()
    export(gray, 1, 40, "tiny_backbone_gray.onnx")
    broken = TinyBackbone().eval()
    with torch.no_grad():
        broken.fc.bias[3] = float("nan")
    export(broken, 3, 40, "tiny_backbone_nan.onnx")

    f = frames()
    views = [(0, 4, 4, 0), (1, 0, 8, 1), (0, 8, 0, 1), (1, 3, 5, 0)]
    crops = np.stack([view(f[n], x, y, fl, 40) for n, x, y, fl in views])
    with torch.no_grad():
        emb40 = model(normalise(crops)).numpy()
        full = np.stack([view(f[n], 0, 0, fl, 48) for n, fl in [(0, 0), (1, 1)]])
        emb48 = model(normalise(full)).numpy()
    with open(os.path.join(OUT, "tiny_backbone.txt"), "w") as out:
        out.write("# kd-vision tiny backbone reference, written by kd-vision/src/test/python/make_tiny_backbone.py\n")
        out.write("# torch %s, onnx %s, numpy %s, opset %d, seed 20221129\n" % (torch.__version__, onnx.__version__, np.__version__, OPSET))
        out.write("# frames: uint8 [2, 48, 48, 3] HWC RGB; views: rows (frame, cropX, cropY, flip)\n")
        out.write("# crops40: uint8 CHW of each view (crop, then mirror); embedding40: backbone of (crop/255-0.5)/0.5\n")
        out.write("# full48: uint8 CHW of frames (0, no flip) and (1, flip); embedding48: the 48x48 file on them\n")
        out.write("tensor frames 2 48 48 3\n" + line(f, "%d") + "\n")
        out.write("tensor views %d 4\n" % len(views) + line(np.array(views), "%d") + "\n")
        out.write("tensor crops40 %d 3 40 40\n" % len(views) + line(crops, "%d") + "\n")
        out.write("tensor embedding40 %d 32\n" % len(views) + line(emb40.astype(np.float64), "%.17g") + "\n")
        out.write("tensor full48 2 3 48 48\n" + line(full, "%d") + "\n")
        out.write("tensor embedding48 2 32\n" + line(emb48.astype(np.float64), "%.17g") + "\n")


if __name__ == "__main__":
    main()
