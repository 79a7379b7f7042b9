/**
 * {@link io.github.kd4j.eeg.pipeline.EegFeaturePipeline} turns a raw EDF/BDF recording into the
 * band-power features of SPEC section 3 (read, select the 32 BioSemi channels, volts, crop,
 * band-pass, average reference, band power).
 */
package io.github.kd4j.eeg.pipeline;
