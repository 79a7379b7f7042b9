/**
 * Preprocessing of multichannel EEG before band power: {@link
 * io.github.kd4j.eeg.filter.FirBandPass} (MNE-Python 1.3's default zero-phase FIR band-pass, SPEC
 * 3.2), {@link io.github.kd4j.eeg.filter.CausalBandPass} (a causal IIR Butterworth band-pass as
 * SciPy's {@code butter(..., output='sos')} + {@code sosfilt}, offline or block by block for online
 * use), {@link io.github.kd4j.eeg.filter.AverageReference} (SPEC 3.3) and {@link
 * io.github.kd4j.eeg.filter.Crop} (MNE's {@code crop(tmin, tmax)} with inclusive {@code tmax}, SPEC
 * 3.1).
 *
 * <p>All types work on {@code double[][] data} laid out {@code [channel][sample]} plus a sampling
 * rate in Hz; they never modify their input and return new arrays, except the explicitly in-place
 * streaming calls ({@code CausalBandPass.State.process(block, block)}).
 */
package io.github.kd4j.eeg.filter;
