package io.github.kd4j.core.protocol;

import io.github.kd4j.core.internal.NaturalOrder;
import io.github.kd4j.metrics.MetricSet;
import java.io.Serializable;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one {@link ProtocolJob} produced: the fold metrics on validation and test (SPEC 9: stitched
 * predictions of all trials of the part concatenated, then RMSE, PCC and CCC once), the test
 * metrics of each trial, the wall time and the epoch whose weights were kept. A serialisable value;
 * two results are equal when every component is ({@code double}s compared as by {@link
 * Double#compare}).
 *
 * @param scheme the job's scheme
 * @param fold the job's fold index
 * @param model the job's model
 * @param kdWeight the job's KD weight (0 = no KD)
 * @param seed the job's seed
 * @param validation fold metrics on the validation trials (model selection)
 * @param test fold metrics on the test trials
 * @param testTrials metrics per test trial, by trial id (sorted copy; may be empty)
 * @param wallSeconds the job's wall-clock time in seconds, finite and >= 0
 * @param chosenEpoch the 1-based epoch whose weights were evaluated (best validation CCC), >= 1
 */
public record FoldResult(
    FoldScheme scheme,
    int fold,
    ModelKind model,
    double kdWeight,
    long seed,
    MetricSet validation,
    MetricSet test,
    Map<String, MetricSet> testTrials,
    double wallSeconds,
    int chosenEpoch)
    implements Serializable {

  /** Checks the components and copies the map. */
  public FoldResult {
    Objects.requireNonNull(scheme, "scheme must not be null");
    Objects.requireNonNull(model, "model must not be null");
    ProtocolJob.checkFold(fold);
    kdWeight = ProtocolJob.checkWeight(model, kdWeight);
    Objects.requireNonNull(validation, "validation must not be null");
    Objects.requireNonNull(test, "test must not be null");
    Objects.requireNonNull(testTrials, "testTrials must not be null (use an empty map)");
    TreeMap<String, MetricSet> copy = new TreeMap<>(NaturalOrder.INSTANCE);
    for (Map.Entry<String, MetricSet> e : testTrials.entrySet()) {
      TrialRef.checkName("trial id", e.getKey());
      copy.put(e.getKey(), Objects.requireNonNull(e.getValue(), "metrics of " + e.getKey()));
    }
    testTrials = Collections.unmodifiableSortedMap(copy);
    if (!(wallSeconds >= 0) || Double.isInfinite(wallSeconds)) {
      throw new IllegalArgumentException(
          "wallSeconds must be a finite number >= 0, got " + wallSeconds);
    }
    if (chosenEpoch < 1) {
      throw new IllegalArgumentException("chosenEpoch must be >= 1 (1-based), got " + chosenEpoch);
    }
  }

  /** The result of {@code job}. */
  public static FoldResult of(
      ProtocolJob job,
      MetricSet validation,
      MetricSet test,
      Map<String, MetricSet> testTrials,
      double wallSeconds,
      int chosenEpoch) {
    Objects.requireNonNull(job, "job must not be null");
    return new FoldResult(
        job.scheme(),
        job.fold(),
        job.model(),
        job.kdWeight(),
        job.seed(),
        validation,
        test,
        testTrials,
        wallSeconds,
        chosenEpoch);
  }

  /** The id of the job that produced this result ({@link ProtocolJob#id()}). */
  public String jobId() {
    return ProtocolJob.idOf(scheme, fold, model, kdWeight, seed);
  }

  /** The fold metrics of a part: {@code VALIDATION} or {@code TEST}. */
  public MetricSet metrics(Fold.Part part) {
    return switch (part) {
      case VALIDATION -> validation;
      case TEST -> test;
      case TRAIN ->
          throw new IllegalArgumentException(
              "part must be VALIDATION or TEST (training metrics are not kept), got TRAIN");
    };
  }

  /**
   * For example {@code "FoldResult{trs-f03-student-w0.4-s42: val CCC 0.41, test CCC 0.43, ...}"}.
   */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "FoldResult{%s: validation %s; test %s; %d test trials; %.1f s; epoch %d}",
        jobId(),
        validation,
        test,
        testTrials.size(),
        wallSeconds,
        chosenEpoch);
  }
}
