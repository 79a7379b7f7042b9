package io.github.kd4j.eeg.online;

import java.util.Locale;
import java.util.Set;

/**
 * One online valence value: the model's output for band-power window {@code window} of the current
 * run (since the stream start or the last restart), available once sample {@code sample} arrived.
 *
 * @param step running index of the value since the stream started (0, 1, 2, ...; never reset)
 * @param window window index within the current run ({@code 0} after each restart); with the
 *     defaults it covers run samples {@code [64 window, 64 window + 512)}
 * @param sample absolute index (since the stream start, gaps included) of the window's last sample,
 *     the sample that completed it
 * @param time {@code startTime + (sample + 1) / fs} seconds: when the value could be computed, on
 *     the stream's sample clock (or the caller's clock, shifted by the builder's {@code startTime})
 * @param valence the model's output
 * @param flags why the value may not be trusted; empty for a clean value ({@link #clean()})
 */
public record OnlineValence(
    long step, long window, long sample, double time, float valence, Set<Flag> flags) {

  /** Conditions attached to a value; see {@link OnlineValenceEstimator} for their exact spans. */
  public enum Flag {
    /**
     * The model's history or the filter has not settled since the stream start or a restart: the
     * first {@code warmUpSteps} values of a run.
     */
    WARMUP,
    /** The first value after a restart caused by a gap in the sample indices. */
    RESTARTED,
    /**
     * Non-finite or saturated samples (replaced by the channel's last good value) lie in this
     * value's window, its filter settling span or the model's receptive field.
     */
    ARTIFACT,
    /**
     * A channel was flat in this window or in the model's receptive field (relative band power
     * 0/0); the model was fed the last good feature row instead.
     */
    FLAT
  }

  /** A copy of {@code flags}. */
  public OnlineValence {
    flags = Set.copyOf(flags);
  }

  /** Whether no flag is set. */
  public boolean clean() {
    return flags.isEmpty();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "OnlineValence[step=%d, window=%d, sample=%d, time=%.3f s, valence=%.6f, flags=%s]",
        step,
        window,
        sample,
        time,
        valence,
        flags);
  }
}
