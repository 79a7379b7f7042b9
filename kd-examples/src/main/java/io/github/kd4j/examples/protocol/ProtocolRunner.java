package io.github.kd4j.examples.protocol;

import io.github.kd4j.core.data.DataFingerprint;
import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.distill.DistillationListener;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.distill.StepFeatures;
import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.core.internal.ChecksummedFile;
import io.github.kd4j.core.nn.BlasThreads;
import io.github.kd4j.core.protocol.Fold;
import io.github.kd4j.core.protocol.FoldFile;
import io.github.kd4j.core.protocol.Partitioner;
import io.github.kd4j.core.protocol.ProtocolResults;
import io.github.kd4j.core.protocol.TrialRef;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.eeg.mahnob.MahnobFeatures;
import io.github.kd4j.eeg.mahnob.MahnobTrial;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the paper's protocol (SPEC 8, 9) on a folder of MAHNOB-HCI feature files: partitions the
 * trials (TRS or LOSO), runs one {@link FoldTask} per fold and seed on {@code workers} threads, and
 * merges their results.
 *
 * <p>Work folder layout ({@code work}): {@code RUN} (the run's fingerprint: settings, seeds,
 * subject filter and a SHA-256 of the data values; another run is refused), {@code folds.tsv} (the
 * folds, reloadable), {@code results/<task>.kd4jres} (each finished task's results, checksummed,
 * written atomically: a finished task is never rerun), {@code checkpoints/<task>/} (the distiller's
 * checkpoints: an interrupted task resumes to the identical result).
 *
 * <p>Parallelism: tasks are independent and deterministic. OpenBLAS is pinned to one thread while a
 * run lasts (each worker uses one core): OpenBLAS's multi-threaded kernels round differently from
 * its single-threaded ones (measured: the LSTM baseline's metrics changed in the fourth digit), so
 * pinning is also what makes the results independent of the number of workers.
 */
public final class ProtocolRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolRunner.class);
  private static final int RESULTS_MAGIC = 0x4b44345a; // "KD4Z"
  private static final int RESULTS_VERSION = 1;

  /** Progress of a run. */
  public interface Listener {
    /** A task starts ({@code index} counts from 0). */
    default void onTaskStart(FoldTask task, int index, int tasks) {}

    /** A task ended (run now or loaded from its result file). */
    default void onTaskEnd(FoldTask task, ProtocolResults results, boolean reused) {}

    /** The distillation progress of a task (called on the worker's thread). */
    default DistillationListener distillation(FoldTask task) {
      return null;
    }

    /**
     * The training progress of one LSTM baseline of a task ({@code name}: "lstm-visual" or
     * "lstm-eeg"; called on the worker's thread).
     */
    default TrainingListener baseline(FoldTask task, String name) {
      return null;
    }
  }

  private final Path dataDir;
  private final Path work;
  private final ProtocolSettings settings;
  private final long[] seeds;
  private final int workers;
  private final Set<String> subjects;

  /**
   * A runner.
   *
   * @param subjects subject ids to keep ({@code "P1"}, ...), or empty for all
   */
  public ProtocolRunner(
      Path dataDir,
      Path work,
      ProtocolSettings settings,
      long[] seeds,
      int workers,
      Set<String> subjects) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.work = Objects.requireNonNull(work, "work");
    this.settings = Objects.requireNonNull(settings, "settings");
    if (seeds.length == 0) {
      throw new IllegalArgumentException("seeds must hold at least one seed, got none");
    }
    this.seeds = seeds.clone();
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    this.workers = workers;
    this.subjects = new TreeSet<>(subjects);
  }

  /** What a run read and how, saved in its work folder ({@code run.kd4j}) for later commands. */
  public record Description(
      String dataDir, ProtocolSettings settings, long[] seeds, Set<String> subjects)
      implements java.io.Serializable {}

  /** The file name of the saved {@link Description}. */
  public static final String DESCRIPTION = "run.kd4j";

  /**
   * The runner of a finished (or interrupted) run in {@code work}, as it was configured.
   *
   * @throws IOException naming the file when the folder holds no run
   */
  public static ProtocolRunner of(Path work, int workers) throws IOException {
    Description d = readDescription(work.resolve(DESCRIPTION));
    return new ProtocolRunner(
        Path.of(d.dataDir()), work, d.settings(), d.seeds(), workers, d.subjects());
  }

  /** The settings of this runner. */
  public ProtocolSettings settings() {
    return settings;
  }

  /** The folds saved by the run in {@code work} ({@code folds.tsv}). */
  public List<Fold> savedFolds() throws IOException {
    return FoldFile.read(work.resolve("folds.tsv"));
  }

  /** The work folder. */
  public Path work() {
    return work;
  }

  /** The merged results of all tasks and the traces of each task's first test trial. */
  public record Output(ProtocolResults results, List<FoldTask.Trace> traces, List<Fold> folds) {}

  /** The loaded data of a run: paired trials by id and their references. */
  public record Data(Map<String, PairedTrial> trials, List<TrialRef> refs, String hash) {}

  /**
   * Reads the data folder (with the subject filter and the EEG standardisation of the settings).
   *
   * @throws IOException naming the folder or file
   * @throws IllegalArgumentException for a folder without trials or with mixed feature widths
   */
  public Data load() throws IOException {
    List<MahnobTrial> all = MahnobFeatures.defaults().readDirectory(dataDir);
    List<MahnobTrial> kept = new ArrayList<>();
    for (MahnobTrial t : all) {
      if (subjects.isEmpty() || subjects.contains(t.subjectId())) {
        kept.add(t);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(
          dataDir
              + " holds no trials"
              + (subjects.isEmpty() ? "" : " of subjects " + subjects)
              + " (expected P<subject>-features-resamp4hz-trial-<trial>.mat files)");
    }
    Set<String> found = new TreeSet<>();
    kept.forEach(t -> found.add(t.subjectId()));
    if (!subjects.isEmpty() && !found.equals(subjects)) {
      Set<String> missing = new TreeSet<>(subjects);
      missing.removeAll(found);
      throw new IllegalArgumentException("subjects " + missing + " have no trials in " + dataDir);
    }
    int[] faceCols = IntStream.range(0, settings.faceColumns()).toArray();
    Map<String, float[][]> eeg = new LinkedHashMap<>();
    for (MahnobTrial t : kept) {
      eeg.put(t.id(), t.eeg());
    }
    if (settings.eegStandardization() == ProtocolSettings.EegStandardization.PER_SUBJECT) {
      perSubjectZScore(kept, eeg);
    }
    Map<String, PairedTrial> trials = new LinkedHashMap<>();
    List<TrialRef> refs = new ArrayList<>();
    List<Trial> forHash = new ArrayList<>();
    for (MahnobTrial t : kept) {
      Trial face = t.faceTrial(faceCols);
      PairedTrial p =
          PairedTrial.of(
              t.id(),
              t.subjectId(),
              t.target(),
              eeg.get(t.id()),
              StepFeatures.of(face.featuresView()));
      trials.put(t.id(), p);
      refs.add(new TrialRef(t.id(), t.subjectId()));
      forHash.add(p.eeg());
      forHash.add(face);
    }
    return new Data(trials, refs, DataFingerprint.of(forHash));
  }

  /** Z-scores every EEG column over all steps of each subject (population std; 0 std: centred). */
  private static void perSubjectZScore(List<MahnobTrial> trials, Map<String, float[][]> eeg) {
    Map<String, List<MahnobTrial>> bySubject = new LinkedHashMap<>();
    for (MahnobTrial t : trials) {
      bySubject.computeIfAbsent(t.subjectId(), k -> new ArrayList<>()).add(t);
    }
    for (List<MahnobTrial> group : bySubject.values()) {
      int d = group.get(0).eeg()[0].length;
      double[] sum = new double[d];
      double[] sq = new double[d];
      long n = 0;
      for (MahnobTrial t : group) {
        for (float[] row : eeg.get(t.id())) {
          for (int c = 0; c < d; c++) {
            sum[c] += row[c];
            sq[c] += (double) row[c] * row[c];
          }
          n++;
        }
      }
      for (MahnobTrial t : group) {
        float[][] src = eeg.get(t.id());
        float[][] dst = new float[src.length][d];
        for (int s = 0; s < src.length; s++) {
          for (int c = 0; c < d; c++) {
            double mean = sum[c] / n;
            double var = Math.max(0, sq[c] / n - mean * mean);
            double sd = var > 0 ? Math.sqrt(var) : 1;
            dst[s][c] = (float) ((src[s][c] - mean) / sd);
          }
        }
        eeg.put(t.id(), dst);
      }
    }
  }

  /** The run's fingerprint: settings, seeds, subjects and the data hash. */
  public String fingerprint(Data data) {
    String text =
        settings
            + "|seeds="
            + java.util.Arrays.toString(seeds)
            + "|subjects="
            + subjects
            + "|"
            + data.hash();
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Partitions (or reloads the folds of a resumed run), then runs every task not finished yet.
   *
   * @param force start afresh in a work folder that holds another run
   * @throws FileAlreadyExistsException when {@code work} holds another run and not {@code force}
   */
  public Output run(Data data, boolean force, Listener listener)
      throws IOException, InterruptedException {
    String fp = fingerprint(data);
    Path runFile = work.resolve("RUN");
    if (Files.exists(runFile)) {
      String existing = Files.readString(runFile, StandardCharsets.UTF_8).strip();
      if (!existing.equals(fp)) {
        if (!force) {
          throw new FileAlreadyExistsException(
              work.toString(),
              null,
              "holds another run (fingerprint "
                  + existing
                  + ", this run "
                  + fp
                  + "): its settings, seeds or data differ; choose another --out or add --force");
        }
        deleteTree(work);
      }
    } else if (Files.isDirectory(work) && !isEmpty(work) && !force) {
      throw new FileAlreadyExistsException(
          work.toString(), null, "is not empty and holds no kd4j run; choose another --out");
    }
    List<Fold> folds = partition(data); // errors in the data or settings before anything is written
    Files.createDirectories(work);
    AtomicFiles.write(runFile, o -> o.write((fp + "\n").getBytes(StandardCharsets.UTF_8)));
    writeDescription(
        work.resolve(DESCRIPTION), new Description(dataDir.toString(), settings, seeds, subjects));
    folds = folds(folds);
    List<FoldTask> tasks = new ArrayList<>();
    for (long seed : seeds) {
      for (Fold f : folds) {
        String id = taskId(f, seed);
        tasks.add(
            new FoldTask(
                f,
                seed,
                dataDir.toString(),
                work.resolve("checkpoints").resolve(id).toString(),
                settings,
                work.resolve("models").toString()));
      }
    }
    int previous = BlasThreads.get();
    BlasThreads.set(1); // one core per worker, and results independent of the worker count
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<FoldTask.Output>> futures = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        FoldTask task = tasks.get(i);
        int index = i;
        futures.add(pool.submit(() -> runTask(task, index, tasks.size(), data, listener)));
      }
      ProtocolResults all = ProtocolResults.empty();
      List<FoldTask.Trace> traces = new ArrayList<>();
      for (Future<FoldTask.Output> f : futures) {
        try {
          FoldTask.Output o = f.get();
          all = all.merge(o.results());
          traces.addAll(o.traces());
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          futures.forEach(x -> x.cancel(true));
          if (c instanceof InterruptedException ie) {
            throw ie;
          }
          if (c instanceof IOException io) {
            throw io;
          }
          if (c instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(c);
        }
      }
      return new Output(all, traces, folds);
    } catch (InterruptedException e) {
      pool.shutdownNow();
      throw e;
    } finally {
      pool.shutdownNow();
      if (previous >= 1) {
        BlasThreads.set(previous);
      }
    }
  }

  private FoldTask.Output runTask(FoldTask task, int index, int count, Data data, Listener listener)
      throws Exception {
    Path file = work.resolve("results").resolve(task.id() + ".kd4jres");
    if (Files.exists(file)) {
      FoldTask.Output r = readResults(file);
      LOG.info("Task {} already finished: {}", task.id(), file);
      if (listener != null) {
        listener.onTaskEnd(task, r.results(), true);
      }
      return r;
    }
    if (listener != null) {
      listener.onTaskStart(task, index, count);
    }
    FoldTask.Output r =
        task.run(
            data.trials(),
            listener == null ? null : listener.distillation(task),
            listener == null ? null : name -> listener.baseline(task, name));
    writeResults(file, r);
    if (listener != null) {
      listener.onTaskEnd(task, r.results(), false);
    }
    return r;
  }

  private List<Fold> partition(Data data) {
    Partitioner.Builder pb = Partitioner.builder().scheme(settings.scheme()).seed(seeds[0]);
    if (settings.scheme() == io.github.kd4j.core.protocol.FoldScheme.TRS) {
      pb.folds(settings.folds());
    }
    return pb.build().partition(data.refs());
  }

  private List<Fold> folds(List<Fold> folds) throws IOException {
    Path file = work.resolve("folds.tsv");
    if (Files.exists(file)) {
      List<Fold> saved = FoldFile.read(file);
      if (!saved.equals(folds)) {
        throw new IllegalStateException(
            file + " holds other folds than this run makes; start in a fresh --out folder");
      }
      return saved;
    }
    FoldFile.write(file, folds);
    return folds;
  }

  private static String taskId(Fold f, long seed) {
    return String.format(
        java.util.Locale.ROOT,
        "%s-f%02d-s%d",
        f.scheme().name().toLowerCase(java.util.Locale.ROOT),
        f.index(),
        seed);
  }

  private static void writeDescription(Path file, Description d) throws IOException {
    writeObject(file, d);
  }

  private static Description readDescription(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException(
          file.getParent() + " holds no kd4j protocol run (no " + DESCRIPTION + ")");
    }
    return (Description) readObject(file);
  }

  static void writeResults(Path file, FoldTask.Output r) throws IOException {
    writeObject(file, r);
  }

  static FoldTask.Output readResults(Path file) throws IOException {
    return (FoldTask.Output) readObject(file);
  }

  private static void writeObject(Path file, Object r) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(r);
    }
    byte[] b = bytes.toByteArray();
    ChecksummedFile.write(
        file,
        RESULTS_MAGIC,
        RESULTS_VERSION,
        out -> {
          out.writeInt(b.length);
          out.write(b);
        });
  }

  private static Object readObject(Path file) throws IOException {
    ChecksummedFile.Payload p =
        ChecksummedFile.read(file, "task results", RESULTS_MAGIC, RESULTS_VERSION);
    int n = p.readCount("results length", 1 << 30);
    byte[] b = new byte[n];
    p.in().readFully(b);
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return in.readObject();
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IOException(file + ": task results are not readable: " + e.getMessage(), e);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
