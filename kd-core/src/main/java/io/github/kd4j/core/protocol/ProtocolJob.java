package io.github.kd4j.core.protocol;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One unit of work of the protocol: train one model on one fold with one KD weight and one seed,
 * then evaluate it. A small immutable value that names its inputs by path, so it can be sent to
 * another JVM (a Spark task) and run there.
 *
 * <p>{@link #id()} is stable and unique within a run: {@code <scheme>-f<fold, 2
 * digits>-<model>-w<w>-s<seed>}, for example {@code "trs-f03-student-w0.4-s42"}, with {@code w} in
 * its shortest decimal form ({@code 0}, {@code 0.2}, {@code 1}). Paths are not part of the id: the
 * same job run on another machine, with the data in another folder, is the same job.
 *
 * @param scheme TRS or LOSO
 * @param fold the fold index in the fold file, 0 to 999
 * @param model the model to train
 * @param kdWeight the KD weight w of SPEC 6: {@code 0} = no distillation; {@code > 0} only for
 *     {@link ModelKind#STUDENT}
 * @param seed the seed of the job's random streams (initialisation, shuffles, dropout)
 * @param dataDir the folder of the per-trial data, as a path string
 * @param foldFile the fold file ({@link FoldFile}) holding the fold, as a path string
 */
public record ProtocolJob(
    FoldScheme scheme,
    int fold,
    ModelKind model,
    double kdWeight,
    long seed,
    String dataDir,
    String foldFile)
    implements Serializable {

  /** Checks the components. */
  public ProtocolJob {
    Objects.requireNonNull(scheme, "scheme must not be null");
    Objects.requireNonNull(model, "model must not be null");
    checkFold(fold);
    kdWeight = checkWeight(model, kdWeight);
    TrialRef.checkName("dataDir", dataDir);
    TrialRef.checkName("foldFile", foldFile);
  }

  static void checkFold(int fold) {
    if (fold < 0 || fold > 999) {
      throw new IllegalArgumentException("fold must be in [0, 999], got " + fold);
    }
  }

  static double checkWeight(ModelKind model, double w) {
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new IllegalArgumentException("kdWeight must be a finite number >= 0, got " + w);
    }
    if (w > 0 && model != ModelKind.STUDENT) {
      throw new IllegalArgumentException(
          "kdWeight must be 0 for " + model + " (only STUDENT is distilled), got " + w);
    }
    return w == 0 ? 0.0 : w; // -0.0 -> 0.0, so that ids and equality agree
  }

  /** The job's id (see the class documentation). */
  public String id() {
    return idOf(scheme, fold, model, kdWeight, seed);
  }

  /** The id of the job with these coordinates. */
  static String idOf(FoldScheme scheme, int fold, ModelKind model, double w, long seed) {
    return String.format(
        Locale.ROOT, "%s-f%02d-%s-w%s-s%d", scheme.key(), fold, model.key(), formatWeight(w), seed);
  }

  /** Shortest decimal form of w: {@code 0}, {@code 0.2}, {@code 1}, {@code 1.25}. */
  public static String formatWeight(double w) {
    if (w == 0) {
      return "0";
    }
    return BigDecimal.valueOf(w).stripTrailingZeros().toPlainString();
  }

  /** Whether this job distils ({@code STUDENT} with {@code w > 0}). */
  public boolean distils() {
    return kdWeight > 0;
  }

  /**
   * The teacher job whose knowledge this job reads (same scheme, fold and seed), for a distilling
   * student; empty otherwise. A scheduler must run it first.
   */
  public Optional<ProtocolJob> teacherJob() {
    if (!distils()) {
      return Optional.empty();
    }
    return Optional.of(
        new ProtocolJob(scheme, fold, ModelKind.TEACHER, 0, seed, dataDir, foldFile));
  }

  /** For example {@code "ProtocolJob{trs-f03-student-w0.4-s42, data /d, folds /f/trs.tsv}"}. */
  @Override
  public String toString() {
    return "ProtocolJob{" + id() + ", data " + dataDir + ", folds " + foldFile + "}";
  }
}
