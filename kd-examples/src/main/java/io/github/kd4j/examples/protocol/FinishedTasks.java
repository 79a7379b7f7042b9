package io.github.kd4j.examples.protocol;

import io.github.kd4j.core.protocol.Fold;
import io.github.kd4j.core.protocol.FoldResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the finished tasks of two protocol runs (their {@code work} folders), for example an
 * interrupted run against a finished one: mean and population std of the validation CCC per model
 * and KD weight, over the folds finished in both. Only validation metrics are printed, so the
 * comparison can choose a setting without looking at test data.
 *
 * <pre>
 * java -cp "kd-examples/target/kd4j/lib/*" io.github.kd4j.examples.protocol.FinishedTasks \
 *     runs/a/work runs/b/work
 * </pre>
 */
public final class FinishedTasks {
  private FinishedTasks() {}

  /** The finished results of a work folder, by task id. */
  static Map<String, FoldTask.Output> read(Path work) throws IOException {
    Map<String, FoldTask.Output> out = new TreeMap<>();
    Path dir = work.resolve("results");
    if (!Files.isDirectory(dir)) {
      throw new IOException(work + " holds no finished tasks (no results folder)");
    }
    try (var s = Files.list(dir)) {
      for (Path f : s.sorted().toList()) {
        out.put(f.getFileName().toString(), ProtocolRunner.readResults(f));
      }
    }
    return out;
  }

  /** Prints the comparison of two work folders. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: FinishedTasks <work folder a> <work folder b>");
      System.exit(2);
    }
    Map<String, FoldTask.Output> a = read(Path.of(args[0]));
    Map<String, FoldTask.Output> b = read(Path.of(args[1]));
    TreeSet<String> both = new TreeSet<>(a.keySet());
    both.retainAll(b.keySet());
    System.out.printf(Locale.ROOT, "%d tasks finished in both: %s%n", both.size(), both);
    Map<String, List<double[]>> byModel = new TreeMap<>();
    for (String task : both) {
      Map<String, FoldResult> rb = b.get(task).results().byJobId();
      for (FoldResult r : a.get(task).results().results()) {
        String key = String.format(Locale.ROOT, "%s w=%.1f", r.model(), r.kdWeight());
        double vb = rb.get(r.jobId()).metrics(Fold.Part.VALIDATION).ccc();
        byModel
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(new double[] {r.metrics(Fold.Part.VALIDATION).ccc(), vb});
      }
    }
    System.out.println("model, validation CCC a (mean, population std), b (mean, population std)");
    for (Map.Entry<String, List<double[]>> e : byModel.entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "%s, %.3f, %.3f, %.3f, %.3f%n",
          e.getKey(),
          mean(e.getValue(), 0),
          std(e.getValue(), 0),
          mean(e.getValue(), 1),
          std(e.getValue(), 1));
    }
  }

  private static double mean(List<double[]> v, int i) {
    return v.stream().mapToDouble(x -> x[i]).average().orElse(Double.NaN);
  }

  private static double std(List<double[]> v, int i) {
    double m = mean(v, i);
    return Math.sqrt(v.stream().mapToDouble(x -> (x[i] - m) * (x[i] - m)).average().orElse(0));
  }
}
