package io.github.kd4j.metrics.stitch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rebuilds one prediction per label step from windowed model outputs (SPEC section 9).
 *
 * <p>For a trial of length L and the windows w of that trial, with {@code w.values()[k]} the output
 * for step {@code w.start() + k}:
 *
 * <pre>
 *   stitched[t] = (1 / |W_t|) sum_{w in W_t} w.values()[t - w.start()],  t = 0 .. L-1
 *   W_t = { w : w.start() &lt;= t &lt; w.start() + w.length() }
 * </pre>
 *
 * Outputs at steps {@code >= L} are zero-padding of a short trial's window (SPEC section 7) and are
 * dropped. Errors ({@link IllegalArgumentException}): a window of a trial that was not declared, a
 * window starting at or after its trial's end, and a step that no window covers (naming the trial,
 * the first uncovered step and the uncovered range). Overlaps may be uneven; each step averages
 * whatever covers it.
 *
 * <p>The trial order is the order of the {@link Builder#trial} calls; it fixes the order of {@link
 * StitchedPredictions#trialIds()} and of every concatenation, so the AVEC-protocol fold metrics do
 * not depend on map iteration order. Immutable and thread-safe.
 *
 * <pre>{@code
 * Stitcher stitcher = Stitcher.builder().trial("S01T01", 300).trial("S01T02", 80).build();
 * StitchedPredictions stitched = stitcher.stitch(windows);
 * MetricSet fold = stitched.foldMetrics(labelsByTrial, VarianceConvention.POPULATION);
 * }</pre>
 */
public final class Stitcher {

  private final LinkedHashMap<String, Integer> trialLengths;

  private Stitcher(LinkedHashMap<String, Integer> trialLengths) {
    this.trialLengths = trialLengths;
  }

  /**
   * A builder with no trials.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The trial ids in stitching order.
   *
   * @return an unmodifiable list
   */
  public List<String> trialIds() {
    return List.copyOf(trialLengths.keySet());
  }

  /**
   * The declared length of a trial.
   *
   * @param trialId a declared trial
   * @return its number of label steps
   * @throws IllegalArgumentException if the trial was not declared
   */
  public int trialLength(String trialId) {
    Integer length = trialLengths.get(trialId);
    if (length == null) {
      throw unknownTrial(trialId, "trialId");
    }
    return length;
  }

  /**
   * Stitches the windows of all declared trials.
   *
   * @param windows every window of every declared trial, in any order (the order only affects the
   *     last bits of averaged steps)
   * @return one prediction per label step, per trial, in declaration order
   * @throws IllegalArgumentException for an unknown trial, a window starting beyond its trial's
   *     end, or an uncovered step
   */
  public StitchedPredictions stitch(Collection<WindowPrediction> windows) {
    Objects.requireNonNull(windows, "windows must not be null");
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, int[]> counts = new LinkedHashMap<>();
    trialLengths.forEach(
        (id, length) -> {
          sums.put(id, new double[length]);
          counts.put(id, new int[length]);
        });
    for (WindowPrediction w : windows) {
      Objects.requireNonNull(w, "windows must not contain null");
      Integer length = trialLengths.get(w.trialId());
      if (length == null) {
        throw unknownTrial(w.trialId(), "window " + w + ": trialId");
      }
      if (w.start() >= length) {
        throw new IllegalArgumentException(
            "window start must be < the trial length "
                + length
                + ", got "
                + w.start()
                + " (trial '"
                + w.trialId()
                + "')");
      }
      double[] sum = sums.get(w.trialId());
      int[] count = counts.get(w.trialId());
      int end = Math.min(length, w.start() + w.length());
      for (int t = w.start(); t < end; t++) {
        sum[t] += w.valueAt(t - w.start());
        count[t]++;
      }
    }
    LinkedHashMap<String, double[]> stitched = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      double[] sum = e.getValue();
      int[] count = counts.get(e.getKey());
      for (int t = 0; t < sum.length; t++) {
        if (count[t] == 0) {
          throw uncovered(e.getKey(), count, t);
        }
        sum[t] /= count[t];
      }
      stitched.put(e.getKey(), sum);
    }
    return new StitchedPredictions(stitched);
  }

  private static IllegalArgumentException uncovered(String trialId, int[] count, int first) {
    int last = first;
    while (last + 1 < count.length && count[last + 1] == 0) {
      last++;
    }
    return new IllegalArgumentException(
        "every step of trial '"
            + trialId
            + "' must be covered by at least one window, got step "
            + first
            + " uncovered (steps "
            + first
            + ".."
            + last
            + " of 0.."
            + (count.length - 1)
            + " have no window)");
  }

  private IllegalArgumentException unknownTrial(String trialId, String what) {
    return new IllegalArgumentException(
        what + " must name a declared trial, got '" + trialId + "' (declared: " + describe() + ")");
  }

  private String describe() {
    List<String> ids = new ArrayList<>(trialLengths.keySet());
    if (ids.size() > 10) {
      return String.join(", ", ids.subList(0, 10)) + ", ... (" + ids.size() + " trials)";
    }
    return String.join(", ", ids);
  }

  /** For example {@code "Stitcher{3 trials, 640 steps: S01T01 (300), S01T02 (80), ...}"}. */
  @Override
  public String toString() {
    long steps = trialLengths.values().stream().mapToLong(Integer::longValue).sum();
    StringBuilder sb =
        new StringBuilder("Stitcher{")
            .append(trialLengths.size())
            .append(" trials, ")
            .append(steps)
            .append(" steps: ");
    int i = 0;
    for (Map.Entry<String, Integer> e : trialLengths.entrySet()) {
      if (i == 10) {
        sb.append(", ...");
        break;
      }
      sb.append(i++ == 0 ? "" : ", ")
          .append(e.getKey())
          .append(" (")
          .append(e.getValue())
          .append(')');
    }
    return sb.append('}').toString();
  }

  /** Builder for {@link Stitcher}: declares the trials and their lengths, in order. */
  public static final class Builder {
    private final LinkedHashMap<String, Integer> trialLengths = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Declares a trial; the order of the calls is the trial order.
     *
     * @param trialId a non-blank id, not declared before
     * @param length the trial's number of label steps, at least 1
     * @return this builder
     * @throws IllegalArgumentException for a blank or repeated id or a length below 1
     */
    public Builder trial(String trialId, int length) {
      if (trialId == null || trialId.isBlank()) {
        throw new IllegalArgumentException(
            "trialId must be a non-blank string, got "
                + (trialId == null ? "null" : "'" + trialId + "'"));
      }
      if (length < 1) {
        throw new IllegalArgumentException(
            "length must be >= 1 step, got " + length + " (trial '" + trialId + "')");
      }
      if (trialLengths.containsKey(trialId)) {
        throw new IllegalArgumentException(
            "trialId must be unique, got '"
                + trialId
                + "' twice (lengths "
                + trialLengths.get(trialId)
                + " and "
                + length
                + ")");
      }
      trialLengths.put(trialId, length);
      return this;
    }

    /**
     * Builds the stitcher; the builder stays usable.
     *
     * @return the immutable stitcher
     * @throws IllegalStateException if no trial was declared
     */
    public Stitcher build() {
      if (trialLengths.isEmpty()) {
        throw new IllegalStateException("no trial declared: call trial(id, length) before build()");
      }
      return new Stitcher(new LinkedHashMap<>(trialLengths));
    }
  }
}
