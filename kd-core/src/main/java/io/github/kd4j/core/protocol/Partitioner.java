package io.github.kd4j.core.protocol;

import io.github.kd4j.core.internal.NaturalOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Splits trials into folds by SPEC 8, seeded.
 *
 * <p><b>Canonical order.</b> The trials are first sorted by id (numbers inside ids compared
 * numerically, {@link NaturalOrder}), so the folds depend only on the set of trials, the settings
 * and the seed, not on the order the caller lists them in. Each part of each fold is sorted the
 * same way.
 *
 * <p><b>TRS</b> ({@code k} folds, default 10): the sorted trials are shuffled (Fisher-Yates with
 * the first {@link SplittableRandom#split()} of {@code new SplittableRandom(seed)}) and cut into
 * {@code k} contiguous folds whose sizes differ by at most one: with {@code n = q k + r}, the first
 * {@code k - r} folds hold {@code q} trials and the last {@code r} folds {@code q + 1}, so the last
 * fold always holds {@code ceil(n / k)} trials (for 239 trials: one fold of 23, nine of 24, the
 * last holding 24 = 10 % as SPEC 8 says; the reference code puts its short fold second to last
 * instead, which after shuffling makes no difference). Fold {@code i} is the test set; the other
 * trials, in shuffled order, are shuffled again with the fold's own stream (the {@code (i+2)}-th
 * split) and split into training and validation.
 *
 * <p><b>LOSO</b>: one fold per subject, in subject order (numbers compared numerically); the
 * subject's trials are the test set; all other trials are shuffled with the fold's own stream and
 * split into training and validation. Any number of subjects (at least 2) works.
 *
 * <p><b>Rounding.</b> Of {@code m} trials to split, training gets {@code floor(m * trainFraction +
 * 1e-9)} and validation the rest (the reference code's {@code int(count * 0.8)}; the 1e-9 guards
 * against binary rounding: 90 * 0.7 is 62.99999999999999 in doubles but must give 63). Default
 * {@code trainFraction}: 0.6 for TRS (the paper's 60/40: 129/86 of 215 trials), 0.8 for LOSO; 0.8
 * gives TRS the reference code's 80/20.
 *
 * <p><b>Errors</b> ({@link IllegalArgumentException}): duplicate trial ids, fewer trials than TRS
 * folds, fewer than 2 subjects for LOSO, and any fold whose training or validation part would be
 * empty (the message names the fold and the counts). A subject with a single trial is fine as a
 * LOSO test set.
 *
 * <p>Immutable and thread-safe; {@link #toBuilder()} gives variants.
 */
public final class Partitioner {
  private final FoldScheme scheme;
  private final int folds;
  private final double trainFraction;
  private final long seed;

  private Partitioner(Builder b) {
    this.scheme = b.scheme;
    this.folds = b.folds;
    this.trainFraction = b.trainFraction;
    this.seed = b.seed;
  }

  /** A builder; the scheme must be set, everything else has SPEC 8's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this partitioner's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.scheme = scheme;
    b.folds = scheme == FoldScheme.TRS ? folds : 0;
    b.trainFraction = trainFraction;
    b.seed = seed;
    return b;
  }

  /** The scheme. */
  public FoldScheme scheme() {
    return scheme;
  }

  /** The TRS fold count; 0 for LOSO (one fold per subject). */
  public int folds() {
    return folds;
  }

  /** Fraction of the non-test trials that train. */
  public double trainFraction() {
    return trainFraction;
  }

  /** The seed of all shuffles. */
  public long seed() {
    return seed;
  }

  /**
   * Splits the trials into folds.
   *
   * @param trials the trials, ids unique, any order
   * @return the folds, index 0 first
   * @throws IllegalArgumentException as described in the class documentation
   */
  public List<Fold> partition(Collection<TrialRef> trials) {
    Objects.requireNonNull(trials, "trials must not be null");
    List<TrialRef> sorted = new ArrayList<>(trials);
    for (TrialRef t : sorted) {
      Objects.requireNonNull(t, "trials must not contain null");
    }
    sorted.sort((a, b) -> NaturalOrder.INSTANCE.compare(a.id(), b.id()));
    Map<String, TrialRef> byId = new HashMap<>();
    for (TrialRef t : sorted) {
      TrialRef old = byId.put(t.id(), t);
      if (old != null) {
        throw new IllegalArgumentException(
            "trial ids must be unique, got " + old + " and " + t + " with the same id");
      }
    }
    SplittableRandom root = new SplittableRandom(seed);
    return scheme == FoldScheme.TRS ? trs(sorted, root) : loso(sorted, root);
  }

  private List<Fold> trs(List<TrialRef> sorted, SplittableRandom root) {
    int n = sorted.size();
    if (n < folds) {
      throw new IllegalArgumentException(
          "trials must number at least folds ("
              + folds
              + ") for TRS, got "
              + n
              + "; use fewer folds");
    }
    List<TrialRef> shuffled = new ArrayList<>(sorted);
    shuffle(shuffled, root.split());
    int q = n / folds;
    int r = n % folds;
    int[] start = new int[folds + 1];
    for (int i = 0; i < folds; i++) {
      start[i + 1] = start[i] + q + (i >= folds - r ? 1 : 0);
    }
    List<Fold> out = new ArrayList<>(folds);
    for (int i = 0; i < folds; i++) {
      SplittableRandom rng = root.split();
      List<TrialRef> test = new ArrayList<>(shuffled.subList(start[i], start[i + 1]));
      List<TrialRef> rest = new ArrayList<>(shuffled.subList(0, start[i]));
      rest.addAll(shuffled.subList(start[i + 1], n));
      out.add(split(i, String.format(java.util.Locale.ROOT, "trs-f%02d", i), rest, test, rng));
    }
    return List.copyOf(out);
  }

  private List<Fold> loso(List<TrialRef> sorted, SplittableRandom root) {
    Map<String, List<TrialRef>> bySubject = new TreeMap<>(NaturalOrder.INSTANCE);
    for (TrialRef t : sorted) {
      bySubject.computeIfAbsent(t.subject(), s -> new ArrayList<>()).add(t);
    }
    if (bySubject.size() < 2) {
      throw new IllegalArgumentException(
          "subjects must number at least 2 for LOSO, got "
              + bySubject.size()
              + (bySubject.isEmpty() ? "" : " (" + bySubject.keySet().iterator().next() + ")"));
    }
    List<Fold> out = new ArrayList<>(bySubject.size());
    int i = 0;
    for (Map.Entry<String, List<TrialRef>> e : bySubject.entrySet()) {
      SplittableRandom rng = root.split();
      List<TrialRef> rest = new ArrayList<>();
      for (TrialRef t : sorted) {
        if (!t.subject().equals(e.getKey())) {
          rest.add(t);
        }
      }
      out.add(split(i, "loso-" + e.getKey(), rest, e.getValue(), rng));
      i++;
    }
    return List.copyOf(out);
  }

  private Fold split(
      int index, String name, List<TrialRef> rest, List<TrialRef> test, SplittableRandom rng) {
    shuffle(rest, rng);
    int m = rest.size();
    int nTrain = trainCount(m, trainFraction);
    if (nTrain < 1 || nTrain >= m) {
      throw new IllegalArgumentException(
          "fold "
              + name
              + ": training and validation must both be non-empty, got "
              + nTrain
              + " training and "
              + (m - nTrain)
              + " validation trials from "
              + m
              + " non-test trials (trainFraction "
              + trainFraction
              + "); use more trials or another trainFraction");
    }
    List<TrialRef> train = new ArrayList<>(rest.subList(0, nTrain));
    List<TrialRef> validation = new ArrayList<>(rest.subList(nTrain, m));
    sortById(train);
    sortById(validation);
    List<TrialRef> t = new ArrayList<>(test);
    sortById(t);
    return new Fold(index, scheme, name, train, validation, t);
  }

  /** {@code floor(m * fraction + 1e-9)}: the documented rounding rule. */
  static int trainCount(int m, double fraction) {
    return (int) Math.floor(m * fraction + 1e-9);
  }

  private static void sortById(List<TrialRef> list) {
    list.sort((a, b) -> NaturalOrder.INSTANCE.compare(a.id(), b.id()));
  }

  private static void shuffle(List<TrialRef> list, SplittableRandom rng) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      TrialRef tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }

  /** For example {@code "Partitioner{TRS, folds 10, trainFraction 0.6, seed 42}"}. */
  @Override
  public String toString() {
    return "Partitioner{"
        + scheme
        + (scheme == FoldScheme.TRS ? ", folds " + folds : ", one fold per subject")
        + ", trainFraction "
        + trainFraction
        + ", seed "
        + seed
        + "}";
  }

  /** Builder of a {@link Partitioner}; setters check their argument, {@link #build()} the rest. */
  public static final class Builder {
    private FoldScheme scheme;
    private int folds;
    private double trainFraction = Double.NaN;
    private long seed = 42;

    private Builder() {}

    /** TRS or LOSO (required). */
    public Builder scheme(FoldScheme scheme) {
      this.scheme = Objects.requireNonNull(scheme, "scheme must not be null");
      return this;
    }

    /** TRS fold count (default 10); at least 2. Not allowed for LOSO. */
    public Builder folds(int folds) {
      if (folds < 2) {
        throw new IllegalArgumentException("folds must be >= 2, got " + folds);
      }
      this.folds = folds;
      return this;
    }

    /** Fraction of the non-test trials that train, in (0, 1); default 0.6 (TRS) or 0.8 (LOSO). */
    public Builder trainFraction(double trainFraction) {
      if (!(trainFraction > 0 && trainFraction < 1)) {
        throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
      }
      this.trainFraction = trainFraction;
      return this;
    }

    /** Seed of all shuffles (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the partitioner; the builder stays usable.
     *
     * @throws IllegalStateException if no scheme was set
     * @throws IllegalArgumentException if a fold count was set for LOSO
     */
    public Partitioner build() {
      if (scheme == null) {
        throw new IllegalStateException("scheme must be set before build()");
      }
      if (scheme == FoldScheme.LOSO && folds != 0) {
        throw new IllegalArgumentException(
            "folds must not be set for LOSO (one fold per subject), got " + folds);
      }
      Builder copy = new Builder();
      copy.scheme = scheme;
      copy.folds = scheme == FoldScheme.TRS ? (folds == 0 ? 10 : folds) : 0;
      copy.trainFraction =
          Double.isNaN(trainFraction) ? (scheme == FoldScheme.TRS ? 0.6 : 0.8) : trainFraction;
      copy.seed = seed;
      return new Partitioner(copy);
    }
  }
}
