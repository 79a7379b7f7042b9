/**
 * Peak-response saliency (SPEC 10): {@link io.github.kd4j.eeg.saliency.PeakResponseSaliency} turns
 * a model's {@link io.github.kd4j.eeg.saliency.InputGradient} into channels x bands {@link
 * io.github.kd4j.eeg.saliency.SaliencyMap}s over a band-major {@link
 * io.github.kd4j.eeg.saliency.FeatureLayout}, and {@link io.github.kd4j.eeg.saliency.SaliencyCsv}
 * writes and reads them.
 */
package io.github.kd4j.eeg.saliency;
