/**
 * Sliding-window EEG band power (SPEC 3.4-3.6): {@link
 * io.github.kd4j.eeg.bandpower.BandPowerExtractor} turns {@code double[channel][sample]} into one
 * band-major feature vector per window ({@link io.github.kd4j.eeg.bandpower.BandPowerFeatures}),
 * with the bands of {@link io.github.kd4j.eeg.bandpower.FrequencyBands}.
 *
 * <p>Conventions: window {@code k} covers samples {@code [k hop, k hop + window)} and exists while
 * {@code k hop + window < n}; each window's PSD is SciPy's {@code welch} (periodic Hann, half
 * overlap, constant detrend, one-sided density); band power is SciPy 1.10's Simpson rule ({@code
 * even='avg'}) over the bins {@code low <= f <= high}; relative power divides by the integral over
 * all bins.
 */
package io.github.kd4j.eeg.bandpower;
