package io.github.kd4j.core.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Expands a protocol (folds x models x KD weights x seeds) into {@link ProtocolJob}s, in a fixed
 * order that a single machine can run from first to last: by fold, then seed, then model in {@link
 * ModelKind} order (the teacher first, so that a distilling student finds its teacher's knowledge),
 * then w ascending. The weights apply to {@link ModelKind#STUDENT} only; every other model gets one
 * job per fold and seed with w = 0.
 *
 * <pre>{@code
 * List<ProtocolJob> jobs = JobPlanner.builder()
 *     .scheme(FoldScheme.TRS).folds(10).foldFile("runs/trs-folds.tsv").dataDir("data/mahnob")
 *     .build().plan();
 * }</pre>
 *
 * Defaults: all four models, weights {@link #PAPER_WEIGHTS} (0, 0.2, ..., 2.0), seed 42.
 */
public final class JobPlanner {
  /** SPEC 6's grid 0.2, 0.4, ..., 2.0, with 0 (no KD) first; each is {@code i / 5.0}. */
  public static final List<Double> PAPER_WEIGHTS;

  static {
    List<Double> w = new ArrayList<>();
    for (int i = 0; i <= 10; i++) {
      w.add(i / 5.0);
    }
    PAPER_WEIGHTS = List.copyOf(w);
  }

  private final FoldScheme scheme;
  private final int folds;
  private final String foldFile;
  private final String dataDir;
  private final Set<ModelKind> models;
  private final List<Double> weights;
  private final List<Long> seeds;

  private JobPlanner(Builder b) {
    scheme = b.scheme;
    folds = b.folds;
    foldFile = b.foldFile;
    dataDir = b.dataDir;
    models = Set.copyOf(b.models);
    weights = List.copyOf(b.weights);
    seeds = List.copyOf(b.seeds);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** All jobs, in the documented order. */
  public List<ProtocolJob> plan() {
    List<ProtocolJob> out = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      for (long seed : seeds) {
        for (ModelKind m : ModelKind.values()) {
          if (!models.contains(m)) {
            continue;
          }
          if (m == ModelKind.STUDENT) {
            for (double w : weights) {
              out.add(new ProtocolJob(scheme, f, m, w, seed, dataDir, foldFile));
            }
          } else {
            out.add(new ProtocolJob(scheme, f, m, 0, seed, dataDir, foldFile));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * A fingerprint of a run: the SHA-256 (hex) of the sorted job ids, one per line. Two runs with
   * the same jobs have the same fingerprint wherever their data lie; {@link ReportFolder} uses it
   * to refuse writing one run's results over another's.
   */
  public static String fingerprint(Collection<ProtocolJob> jobs) {
    Objects.requireNonNull(jobs, "jobs must not be null");
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("jobs must not be empty");
    }
    Set<String> ids = new TreeSet<>();
    for (ProtocolJob j : jobs) {
      ids.add(j.id());
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String id : ids) {
        md.update((id + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 must be available in every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "JobPlanner{"
        + scheme
        + ", folds "
        + folds
        + ", models "
        + new TreeSet<>(models)
        + ", weights "
        + weights
        + ", seeds "
        + seeds
        + ", data "
        + dataDir
        + ", fold file "
        + foldFile
        + "}";
  }

  /** Builder of a {@link JobPlanner}. */
  public static final class Builder {
    private FoldScheme scheme;
    private int folds;
    private String foldFile;
    private String dataDir;
    private Set<ModelKind> models = EnumSet.allOf(ModelKind.class);
    private List<Double> weights = PAPER_WEIGHTS;
    private List<Long> seeds = List.of(42L);

    private Builder() {}

    /** TRS or LOSO (required). */
    public Builder scheme(FoldScheme scheme) {
      this.scheme = Objects.requireNonNull(scheme, "scheme must not be null");
      return this;
    }

    /** Number of folds in the fold file (required), 1 to 1000. */
    public Builder folds(int folds) {
      if (folds < 1 || folds > 1000) {
        throw new IllegalArgumentException("folds must be in [1, 1000], got " + folds);
      }
      this.folds = folds;
      return this;
    }

    /** The fold file's path (required). */
    public Builder foldFile(String foldFile) {
      TrialRef.checkName("foldFile", foldFile);
      this.foldFile = foldFile;
      return this;
    }

    /** The data folder's path (required). */
    public Builder dataDir(String dataDir) {
      TrialRef.checkName("dataDir", dataDir);
      this.dataDir = dataDir;
      return this;
    }

    /** The models to run (default all), at least one. */
    public Builder models(ModelKind... models) {
      if (models == null || models.length == 0) {
        throw new IllegalArgumentException("models must name at least one model, got none");
      }
      EnumSet<ModelKind> s = EnumSet.noneOf(ModelKind.class);
      for (ModelKind m : models) {
        s.add(Objects.requireNonNull(m, "models must not contain null"));
      }
      this.models = s;
      return this;
    }

    /**
     * The student's KD weights, each finite and >= 0, distinct; sorted ascending by the planner.
     */
    public Builder weights(double... weights) {
      if (weights == null || weights.length == 0) {
        throw new IllegalArgumentException("weights must hold at least one value, got none");
      }
      double[] w = weights.clone();
      for (int i = 0; i < w.length; i++) {
        w[i] = ProtocolJob.checkWeight(ModelKind.STUDENT, w[i]);
      }
      Arrays.sort(w);
      List<Double> list = new ArrayList<>();
      for (int i = 0; i < w.length; i++) {
        if (i > 0 && w[i] == w[i - 1]) {
          throw new IllegalArgumentException(
              "weights must be distinct, got " + w[i] + " twice in " + Arrays.toString(weights));
        }
        list.add(w[i]);
      }
      this.weights = list;
      return this;
    }

    /** The seeds (default 42), distinct, in the given order. */
    public Builder seeds(long... seeds) {
      if (seeds == null || seeds.length == 0) {
        throw new IllegalArgumentException("seeds must hold at least one value, got none");
      }
      List<Long> list = new ArrayList<>();
      for (long s : seeds) {
        if (list.contains(s)) {
          throw new IllegalArgumentException(
              "seeds must be distinct, got " + s + " twice in " + Arrays.toString(seeds));
        }
        list.add(s);
      }
      this.seeds = list;
      return this;
    }

    /**
     * Builds the planner; the builder stays usable.
     *
     * @throws IllegalStateException if scheme, folds, foldFile or dataDir is missing
     */
    public JobPlanner build() {
      List<String> missing = new ArrayList<>();
      if (scheme == null) {
        missing.add("scheme");
      }
      if (folds == 0) {
        missing.add("folds");
      }
      if (foldFile == null) {
        missing.add("foldFile");
      }
      if (dataDir == null) {
        missing.add("dataDir");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(String.join(", ", missing) + " must be set before build()");
      }
      return new JobPlanner(this);
    }
  }
}
