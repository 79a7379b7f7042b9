package io.github.kd4j.core.protocol;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A set of {@link FoldResult}s, at most one per job id: what a run has produced so far. An
 * immutable, serialisable value that merges like a set union, so results computed anywhere
 * (threads, machines, Spark partitions, a resumed run) combine in any order and grouping:
 *
 * <pre>
 *   a.merge(b).equals(b.merge(a))                          (commutative)
 *   a.merge(b).merge(c).equals(a.merge(b.merge(c)))        (associative)
 *   a.merge(empty()).equals(a)                             (identity)
 * </pre>
 *
 * A job id present on both sides with equal results is kept once; with different results, {@link
 * #merge} throws an {@link IllegalArgumentException} naming the job (whichever side is first).
 */
public final class ProtocolResults implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Scheme, model, w, fold, seed: the order of {@link #results()}. */
  static final Comparator<FoldResult> ORDER =
      Comparator.comparing(FoldResult::scheme)
          .thenComparing(FoldResult::model)
          .thenComparingDouble(FoldResult::kdWeight)
          .thenComparingInt(FoldResult::fold)
          .thenComparingLong(FoldResult::seed);

  private static final ProtocolResults EMPTY = new ProtocolResults(new TreeMap<>());

  private final TreeMap<String, FoldResult> byId;

  private ProtocolResults(TreeMap<String, FoldResult> byId) {
    this.byId = byId;
  }

  /** No results. */
  public static ProtocolResults empty() {
    return EMPTY;
  }

  /**
   * The given results.
   *
   * @throws IllegalArgumentException if two results share a job id but differ
   */
  public static ProtocolResults of(Collection<FoldResult> results) {
    Objects.requireNonNull(results, "results must not be null");
    TreeMap<String, FoldResult> map = new TreeMap<>();
    for (FoldResult r : results) {
      add(map, Objects.requireNonNull(r, "results must not contain null"));
    }
    return new ProtocolResults(map);
  }

  /** The given results (see {@link #of(Collection)}). */
  public static ProtocolResults of(FoldResult... results) {
    return of(List.of(results));
  }

  private static void add(TreeMap<String, FoldResult> map, FoldResult r) {
    String id = r.jobId();
    FoldResult old = map.putIfAbsent(id, r);
    if (old != null && !old.equals(r)) {
      throw new IllegalArgumentException(
          "job "
              + id
              + " must have one result, got two different ones: "
              + (old.toString().compareTo(r.toString()) <= 0
                  ? old + " and " + r
                  : r + " and " + old));
    }
  }

  /**
   * The union of both sets of results.
   *
   * @throws IllegalArgumentException if a job id has different results on the two sides
   */
  public ProtocolResults merge(ProtocolResults other) {
    Objects.requireNonNull(other, "other must not be null");
    if (other.byId.isEmpty()) {
      return this;
    }
    if (byId.isEmpty()) {
      return other;
    }
    TreeMap<String, FoldResult> map = new TreeMap<>(byId);
    for (FoldResult r : other.byId.values()) {
      add(map, r);
    }
    return new ProtocolResults(map);
  }

  /** These results plus one more (see {@link #merge}). */
  public ProtocolResults with(FoldResult result) {
    return merge(of(result));
  }

  /** The result of a job, if present. */
  public Optional<FoldResult> get(String jobId) {
    return Optional.ofNullable(byId.get(jobId));
  }

  /** Whether the job has a result. */
  public boolean contains(ProtocolJob job) {
    return byId.containsKey(job.id());
  }

  /** The results by job id (sorted by id). */
  public Map<String, FoldResult> byJobId() {
    return Collections.unmodifiableSortedMap(byId);
  }

  /** All results, ordered by scheme, model, w, fold and seed. */
  public List<FoldResult> results() {
    List<FoldResult> out = new ArrayList<>(byId.values());
    out.sort(ORDER);
    return List.copyOf(out);
  }

  /** The number of results. */
  public int size() {
    return byId.size();
  }

  /** Whether there are no results. */
  public boolean isEmpty() {
    return byId.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProtocolResults other && byId.equals(other.byId);
  }

  @Override
  public int hashCode() {
    return byId.hashCode();
  }

  /** For example {@code "ProtocolResults{3 results: trs-f00-student-w0-s42, ...}"}. */
  @Override
  public String toString() {
    return "ProtocolResults{" + byId.size() + " results: " + String.join(", ", byId.keySet()) + "}";
  }
}
