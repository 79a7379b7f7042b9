"""Reference topomap of a fixed 32-value vector by MNE 1.3, and the fixtures of the topo tests.

Run from the repository root with Debian's interpreter:
    /usr/bin/python3 kd-eeg/src/test/python/make_topomap_reference.py

Writes
  kd-eeg/src/test/resources/io/github/kd4j/eeg/topo/topomap_mne.txt
      names (comment), the fixed values, MNE's 2-D topomap coordinates of the 32 BioSemi channels
      (mne.channels.layout._find_topomap_coords, default sphere), matplotlib's viridis table
      (256 x 3, in [0, 1]) and MNE's interpolated image (plot_topomap, res=64, NaN outside its mask)
      with its extent.
  docs/images/topomap_mne.png
      MNE's plot_topomap of the same values: viridis, image_interp='cubic', extrapolate='auto'
      (-> 'head' for EEG), sensors on, no contours, range = [min, max] of the values.
  docs/images/topomap_side_by_side.png
      with --combine: MNE's image beside docs/images/topomap_kd4j.png (copied there from
      kd-eeg/target/topomaps/ after TopomapFigureTest ran).
"""
import sys
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import mne  # noqa: E402
import numpy as np  # noqa: E402
from mne.channels.layout import _find_topomap_coords  # noqa: E402

assert mne.__version__ == "1.3.0", mne.__version__

BIOSEMI32 = ("Fp1 AF3 F3 F7 FC5 FC1 C3 T7 CP5 CP1 P3 P7 PO3 O1 Oz Pz Fp2 AF4 Fz F4 F8 FC6 FC2 Cz C4"
             " T8 CP6 CP2 P4 P8 PO4 O2").split()
ROOT = os.path.dirname(os.path.abspath(__file__)) + "/../../../.."
RES = ROOT + "/kd-eeg/src/test/resources/io/github/kd4j/eeg/topo"
IMAGES = ROOT + "/docs/images"


def write_tensor(f, name, a):
    a = np.asarray(a, dtype=np.float64)
    f.write("tensor %s %s\n" % (name, " ".join(str(d) for d in a.shape)))
    # NaN (outside MNE's interpolation mask) as Java's Double.parseDouble spells it
    f.write(" ".join("NaN" if np.isnan(v) else repr(float(v)) for v in a.ravel()) + "\n")


def fixed_values(pos3d):
    """Two hot spots (right occipital O2, left frontal F3), a cold left temporal T7, rounded."""
    idx = {n: i for i, n in enumerate(BIOSEMI32)}

    def bump(name, width):
        d = np.linalg.norm(pos3d - pos3d[idx[name]], axis=1)
        return np.exp(-0.5 * (d / width) ** 2)

    v = 1.0 * bump("O2", 0.035) + 0.6 * bump("F3", 0.035) - 0.5 * bump("T7", 0.03)
    return np.round(v, 4)


def main():
    info = mne.create_info(BIOSEMI32, 256.0, "eeg")
    info.set_montage("standard_1020")
    pos3d = np.array([ch["loc"][:3] for ch in info["chs"]])
    topo = _find_topomap_coords(info, picks=list(range(32)), sphere=None)
    values = fixed_values(pos3d)

    fig, ax = plt.subplots(figsize=(3.2, 3.2), dpi=100)
    im, _ = mne.viz.plot_topomap(values, info, axes=ax, show=False, cmap="viridis",
                                 vlim=(values.min(), values.max()), contours=0, sensors=True,
                                 image_interp="cubic", extrapolate="auto", res=64)
    ax.set_title("MNE 1.3 plot_topomap", fontsize=10)
    fig.savefig(IMAGES + "/topomap_mne.png", dpi=100, bbox_inches="tight")
    image = np.ma.filled(np.ma.masked_invalid(im.get_array()).astype(float), np.nan)
    extent = np.array(im.get_extent(), dtype=float)
    # matplotlib clips the image with a patch; the array itself is the full interpolated square.
    plt.close(fig)

    viridis = matplotlib.colormaps["viridis"](np.arange(256))[:, :3]
    os.makedirs(RES, exist_ok=True)
    with open(RES + "/topomap_mne.txt", "w") as f:
        f.write("# written by kd-eeg/src/test/python/make_topomap_reference.py; MNE %s, matplotlib %s\n"
                % (mne.__version__, matplotlib.__version__))
        f.write("# channels: %s\n" % " ".join(BIOSEMI32))
        write_tensor(f, "values", values)
        write_tensor(f, "pos3d", pos3d)
        write_tensor(f, "topo_coords", topo)
        write_tensor(f, "viridis", viridis)
        write_tensor(f, "mne_image", image)
        write_tensor(f, "mne_image_extent", extent)


def combine():
    mne_png = plt.imread(IMAGES + "/topomap_mne.png")
    kd4j_png = plt.imread(IMAGES + "/topomap_kd4j.png")
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.4), dpi=100,
                             gridspec_kw=dict(width_ratios=[mne_png.shape[1], kd4j_png.shape[1]]))
    for ax, im in zip(axes, (mne_png, kd4j_png)):
        ax.imshow(im)
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(IMAGES + "/topomap_side_by_side.png", dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    if "--combine" in sys.argv:
        combine()
    else:
        main()
