#!/usr/bin/python3
"""Times the scipy/MNE side of the kd-eeg band-power benchmark (docs/benchmarks.md, "EEG band power").

Input: 32 channels x 100 s at 256 Hz of synthetic EEG (Gaussian noise + a 10 Hz sine, 1e-5 V), the
same recipe as BandPowerBenchmark.java. Reports the median of several repeats (time.perf_counter)
for
  - reference: the SPEC 3.4 algorithm as the reference code runs it (one welch + simpson per window,
    channel and band; band_power() of make_bandpower_fixtures.py),
  - vectorised: one welch call per window over all 32 channels, simpson on arrays (a faster scipy
    baseline than the reference),
  - filter: mne.filter.filter_data(x, 256, 0.3, 45).

    /usr/bin/python3 kd-eeg/src/test/python/bench_bandpower.py [repeats]
"""
import os
import sys
import time

import mne
import numpy as np
from scipy.integrate import simpson
from scipy.signal import welch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_bandpower_fixtures import BANDS, band_power  # noqa: E402

FS, N, CH = 256.0, 25600, 32


def vectorised(x):
    rows = []
    k = 0
    while k * 64 + 512 < x.shape[1]:
        freqs, psd = welch(x[:, k * 64:k * 64 + 512], fs=FS, nperseg=256, axis=-1)
        total = simpson(psd, dx=1.0, even="avg", axis=-1)
        row = []
        for (_, lo, hi) in BANDS:
            idx = np.logical_and(freqs >= lo, freqs <= hi)
            row.append(simpson(psd[:, idx], dx=1.0, even="avg", axis=-1) / total)
        rows.append(np.concatenate(row))
        k += 1
    return np.array(rows)


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), out


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rng = np.random.default_rng(42)
    t = np.arange(N) / FS
    x = 1e-5 * (rng.standard_normal((CH, N)) + np.sin(2 * np.pi * 10 * t + np.arange(CH)[:, None]))
    windows = (N - 512 - 1) // 64 + 1
    ref_t, ref = median_time(lambda: band_power(x, FS, 512, 64, 256, True), max(1, repeats // 2))
    vec_t, vec = median_time(lambda: vectorised(x), repeats)
    assert ref.shape == (windows, 6 * CH) and np.allclose(ref, vec, rtol=1e-12, atol=0)
    filt_t, _ = median_time(lambda: mne.filter.filter_data(x, FS, 0.3, 45.0, verbose=False),
                            repeats)
    print("input: %d channels x %d samples (%g s at %g Hz), %d windows" % (CH, N, N / FS, FS, windows))
    print("scipy reference  : %8.1f ms/call  %9.1f windows/s" % (1e3 * ref_t, windows / ref_t))
    print("scipy vectorised : %8.1f ms/call  %9.1f windows/s" % (1e3 * vec_t, windows / vec_t))
    print("mne filter_data  : %8.1f ms/call" % (1e3 * filt_t))


if __name__ == "__main__":
    main()
