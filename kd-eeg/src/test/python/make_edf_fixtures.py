"""Reference readings of the EDF/BDF test files with MNE-Python, for kd-eeg's io tests.

Run from anywhere with the Debian interpreter (MNE 1.3.0, numpy, scipy 1.10.1):

    /usr/bin/python3 kd-eeg/src/test/python/make_edf_fixtures.py

Reads /work/shared/data/edf-bdf (or $KD4J_DATA/edf-bdf) and writes small fixtures to
kd-eeg/src/test/resources/io/github/kd4j/eeg/io/. Tensor files use the project's plain-text format
(`tensor <name> <dims...>` then one line of values, `#` comments); MNE values are in volts.
"""
import os
import sys
from pathlib import Path

import mne
import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "resources" / "io" / "github" / "kd4j" / "eeg" / "io"
DATA = Path(os.environ.get("KD4J_DATA", "/work/shared/data")) / "edf-bdf"


def fmt(x):
    return repr(float(x))


class TensorWriter:
    def __init__(self, path, comment):
        self.path = path
        self.lines = ["# " + line for line in comment.strip().splitlines()]
        self.lines.append(f"# written by make_edf_fixtures.py with mne {mne.__version__}, "
                          f"numpy {np.__version__}")

    def add(self, name, array):
        a = np.asarray(array, dtype=np.float64)
        self.lines.append(" ".join(["tensor", name] + [str(d) for d in a.shape]))
        self.lines.append(" ".join(fmt(v) for v in a.ravel()))

    def write(self):
        self.path.write_text("\n".join(self.lines) + "\n")
        print("wrote", self.path, self.path.stat().st_size, "bytes")


def uneven():
    f = DATA / "test_uneven_samp.edf"
    names = mne.io.read_raw_edf(f, verbose="error").ch_names
    w = TensorWriter(OUT / "uneven_samp_mne.txt", """
test_uneven_samp.edf read by mne.io.read_raw_edf one signal at a time (exclude= the other signal),
so that MNE does not resample the 12.8 Hz signal to 100 Hz. Values in volts (MNE get_data()).
signal0: first 3000 samples of '3Hz +5/-5 V' (100 Hz); signal1: all 1408 samples of
'0.2Hz Blk 1/0uV' (12.8 Hz). sfreq0/sfreq1: MNE's info['sfreq'] for each reading.""")
    for i, keep in enumerate(names):
        raw = mne.io.read_raw_edf(f, exclude=[n for n in names if n != keep], preload=True,
                                  verbose="error")
        assert raw.ch_names == [keep], raw.ch_names
        d = raw.get_data()[0]
        w.add(f"sfreq{i}", raw.info["sfreq"])
        w.add(f"n{i}", len(d))
        w.add(f"signal{i}", d[:3000] if i == 0 else d)
    w.write()


def stim():
    f = DATA / "test_bdf_stim_channel.bdf"
    raw = mne.io.read_raw_bdf(f, preload=True, verbose="error")
    assert raw.ch_names == ["C3", "C4", "Cz", "Status"], raw.ch_names
    assert raw.get_channel_types() == ["eeg", "eeg", "eeg", "stim"]
    eeg = raw.get_data(picks=["C3", "C4", "Cz"])
    status = raw.get_data(picks=["Status"])[0]
    events = mne.find_events(raw, stim_channel="Status", verbose="error")
    w = TensorWriter(OUT / "bdf_stim_channel_mne.txt", """
test_bdf_stim_channel.bdf read by mne.io.read_raw_bdf (defaults). eeg: C3, C4, Cz, first 1000
samples (2 s at 500 Hz), volts. status: MNE's Status channel (raw & (2^17 - 1)), all samples.
events: mne.find_events(raw, stim_channel='Status'), rows (sample, previous, code).""")
    w.add("sfreq", raw.info["sfreq"])
    w.add("n_times", raw.n_times)
    w.add("eeg", eeg[:, :1000])
    w.add("status", status)
    w.add("events", events)
    w.write()


def s001r03():
    f = DATA / "S001R03.edf"
    raw = mne.io.read_raw_edf(f, preload=True, verbose="error")
    (OUT / "s001r03_channels.txt").write_text("\n".join(raw.ch_names) + "\n")
    with open(OUT / "s001r03_annotations.tsv", "w") as out:
        out.write("# raw.annotations of S001R03.edf (MNE %s): onset s, duration s, text\n"
                  % mne.__version__)
        for a in raw.annotations:
            out.write(f"{fmt(a['onset'])}\t{fmt(a['duration'])}\t{a['description']}\n")
    picks = ["Fc5.", "C3..", "Cz..", "Oz..", "Iz.."]
    w = TensorWriter(OUT / "s001r03_mne.txt", """
S001R03.edf read by mne.io.read_raw_edf (defaults), volts. picks: Fc5. C3.. Cz.. Oz.. Iz..
(channel positions 0, 8, 10, 61, 63). head: samples 0..479 (3 s at 160 Hz) of the picks.
cropped: raw.copy().crop(tmin=60.0, tmax=61.5) of the picks (MNE includes the sample at tmax).""")
    w.add("sfreq", raw.info["sfreq"])
    w.add("n_times", raw.n_times)
    w.add("pick_index", [raw.ch_names.index(p) for p in picks])
    w.add("head", raw.get_data(picks=picks)[:, :480])
    cropped = raw.copy().crop(tmin=60.0, tmax=61.5)
    w.add("cropped", cropped.get_data(picks=picks))
    w.write()


def test_edf_annotations():
    raw = mne.io.read_raw_edf(DATA / "test.edf", verbose="error")
    with open(OUT / "test_edf_annotations.tsv", "w") as out:
        out.write("# raw.annotations of test.edf (MNE %s): onset s, duration s, text\n"
                  % mne.__version__)
        for a in raw.annotations:
            out.write(f"{fmt(a['onset'])}\t{fmt(a['duration'])}\t{a['description']}\n")


def meas_dates():
    with open(OUT / "meas_dates.tsv", "w") as out:
        out.write("# info['meas_date'] (UTC, as MNE writes it) of each file, MNE %s\n"
                  % mne.__version__)
        for name in ["S001R03.edf", "test.edf", "test_uneven_samp.edf", "test.bdf",
                     "test_bdf_stim_channel.bdf"]:
            read = mne.io.read_raw_bdf if name.endswith(".bdf") else mne.io.read_raw_edf
            raw = read(DATA / name, verbose="error")
            out.write(f"{name}\t{raw.info['meas_date'].replace(tzinfo=None).isoformat()}\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    uneven()
    stim()
    s001r03()
    test_edf_annotations()
    meas_dates()
    montage()


BIOSEMI32 = ("Fp1 AF3 F3 F7 FC5 FC1 C3 T7 CP5 CP1 P3 P7 PO3 O1 Oz Pz "
             "Fp2 AF4 Fz F4 F8 FC6 FC2 Cz C4 T8 CP6 CP2 P4 P8 PO4 O2").split()


def montage():
    """BioSemi 32 positions from MNE's standard_1020 montage (a main resource of kd-eeg).

    x, y, z: head-frame position in metres after info.set_montage('standard_1020'). topo_x, topo_y:
    MNE's topomap position (mne.channels.layout._find_topomap_coords with the default sphere
    (0, 0, 0, 0.095 m)): azimuthal equidistant projection, r * theta / (pi / 2) * (cos phi, sin phi)
    with r, theta (from +z) and phi the spherical coordinates of (x, y, z).
    """
    from mne.channels.layout import _find_topomap_coords
    info = mne.create_info(BIOSEMI32, 256.0, "eeg")
    info.set_montage("standard_1020")
    xyz = np.array([ch["loc"][:3] for ch in info["chs"]])
    topo = _find_topomap_coords(info, picks=list(range(32)), sphere=None)
    out = HERE.parent.parent / "main" / "resources" / "io" / "github" / "kd4j" / "eeg" / "montage"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "biosemi32.tsv", "w") as f:
        f.write("# BioSemi 32 (SPEC 3 order) from MNE %s standard_1020; metres, head frame.\n"
                % mne.__version__)
        f.write("# topo_x, topo_y: MNE topomap projection (azimuthal equidistant, sphere origin 0,"
                " head radius 0.095 m).\n")
        f.write("# written by kd-eeg/src/test/python/make_edf_fixtures.py\n")
        f.write("name\tx\ty\tz\ttopo_x\ttopo_y\n")
        for n, p, t in zip(BIOSEMI32, xyz, topo):
            f.write("\t".join([n] + [fmt(v) for v in (*p, *t)]) + "\n")
    print("wrote", out / "biosemi32.tsv")


if __name__ == "__main__":
    main()
