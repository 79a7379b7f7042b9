package io.github.kd4j.core.protocol;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One fold of a partition (SPEC 8): which trials train, which validate (model selection, the
 * scheduler and early stopping) and which test. A value: trials are named, not held.
 *
 * <p>The three parts are non-empty and disjoint (a trial id appears at most once in the fold).
 * Lists keep the order they were given in; {@link Partitioner} sorts each part by trial id (numbers
 * compared numerically), which is the fixed trial order in which predictions are concatenated for
 * the fold metrics (SPEC 9).
 *
 * @param index the fold's position in its partition, from 0
 * @param scheme the scheme that made the fold
 * @param name a readable name used in messages and reports: {@code "trs-f03"} or, for LOSO, {@code
 *     "loso-" + subject}
 * @param train the training trials
 * @param validation the validation trials
 * @param test the test trials
 */
public record Fold(
    int index,
    FoldScheme scheme,
    String name,
    List<TrialRef> train,
    List<TrialRef> validation,
    List<TrialRef> test)
    implements Serializable {

  /** The three parts of a fold, with the names used in fold files. */
  public enum Part {
    /** Training trials. */
    TRAIN,
    /** Validation trials. */
    VALIDATION,
    /** Test trials. */
    TEST;

    /** {@code "train"}, {@code "validation"}, {@code "test"}. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Checks the fold and copies the lists. */
  public Fold {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    Objects.requireNonNull(scheme, "scheme must not be null");
    TrialRef.checkName("name", name);
    train = checkPart(name, "training", train);
    validation = checkPart(name, "validation", validation);
    test = checkPart(name, "test", test);
    Set<String> seen = new HashSet<>();
    for (List<TrialRef> part : List.of(train, validation, test)) {
      for (TrialRef t : part) {
        if (!seen.add(t.id())) {
          throw new IllegalArgumentException(
              "fold " + name + ": trial ids must appear once in a fold, got " + t.id() + " twice");
        }
      }
    }
  }

  private static List<TrialRef> checkPart(String fold, String what, List<TrialRef> part) {
    if (part == null || part.isEmpty()) {
      throw new IllegalArgumentException(
          "fold " + fold + ": the " + what + " part must not be empty, got 0 trials");
    }
    for (TrialRef t : part) {
      Objects.requireNonNull(t, "fold " + fold + ": " + what + " trials must not be null");
    }
    return List.copyOf(part);
  }

  /** The trials of one part. */
  public List<TrialRef> part(Part part) {
    return switch (part) {
      case TRAIN -> train;
      case VALIDATION -> validation;
      case TEST -> test;
    };
  }

  /** The ids of one part, in order. */
  public List<String> ids(Part part) {
    List<String> out = new ArrayList<>();
    for (TrialRef t : part(part)) {
      out.add(t.id());
    }
    return List.copyOf(out);
  }

  /** For example {@code "Fold{trs-f03 (TRS #3): train 129, validation 86, test 24}"}. */
  @Override
  public String toString() {
    return "Fold{"
        + name
        + " ("
        + scheme
        + " #"
        + index
        + "): train "
        + train.size()
        + ", validation "
        + validation.size()
        + ", test "
        + test.size()
        + "}";
  }
}
