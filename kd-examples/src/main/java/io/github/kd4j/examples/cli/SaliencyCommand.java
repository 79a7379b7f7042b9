package io.github.kd4j.examples.cli;

import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.core.protocol.Fold;
import io.github.kd4j.core.protocol.FoldScheme;
import io.github.kd4j.eeg.montage.Montage;
import io.github.kd4j.eeg.saliency.FeatureLayout;
import io.github.kd4j.eeg.saliency.PeakResponseSaliency;
import io.github.kd4j.eeg.saliency.SaliencyCsv;
import io.github.kd4j.eeg.saliency.SaliencyMap;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.eeg.topo.TopomapFigure;
import io.github.kd4j.examples.protocol.ProtocolRunner;
import io.github.kd4j.examples.protocol.ProtocolSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kd4j saliency}: peak-response saliency maps (SPEC 10) of trained students: per subject
 * (its test trials), normalised jointly over channels and bands, and the mean over subjects;
 * rendered as scalp topographic maps (one row per subject plus the overall row), with a CSV and a
 * short markdown summary (band ranking, per-region averages).
 */
@Command(
    name = "saliency",
    mixinStandardHelpOptions = true,
    description = {
      "Peak-response saliency maps (scalp topomaps, CSV, summary) of trained students.",
      "Peak-response saliency maps of the students of a LOSO protocol run (--run) or of one student",
      "file (--model with --data and --subjects): topomap PNGs, CSV and a markdown summary."
    })
public final class SaliencyCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--run", description = "A finished LOSO protocol run (its --out folder).")
    Path run;

    @Option(names = "--model", description = "A student file (.kd4j).")
    Path model;
  }

  @Option(names = "--data", description = "With --model: the MAHNOB feature folder.")
  Path data;

  @Option(
      names = "--subjects",
      split = ",",
      description = "With --model: subjects whose trials to explain (e.g. P1,P3).")
  List<String> subjects = new ArrayList<>();

  @Option(
      names = "--students",
      description = "With --run: kd (distilled, default) or plain students.",
      defaultValue = "kd")
  String students;

  @Option(
      names = "--out",
      description = "Output folder (default: <run>/saliency or target/kd4j-saliency).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!students.equals("kd") && !students.equals("plain")) {
      throw new IllegalArgumentException("--students must be kd or plain, got " + students);
    }
    FeatureLayout layout = FeatureLayout.mahnobFeatures();
    Map<String, SaliencyMap> bySubject = new LinkedHashMap<>();
    String title;
    if (source.run != null) {
      ProtocolRunner runner = ProtocolRunner.of(source.run.resolve("work"), 1);
      if (runner.settings().scheme() != FoldScheme.LOSO) {
        throw new IllegalArgumentException(
            source.run + " is a " + runner.settings().scheme() + " run; saliency maps need LOSO");
      }
      ProtocolRunner.Data d = runner.load();
      for (Fold f : runner.savedFolds()) {
        String task = String.format(Locale.ROOT, "loso-f%02d-s", f.index());
        Path model = find(source.run.resolve("work/models"), task, students.equals("kd"));
        TcnStudent s = TcnStudent.load(model);
        String subject = f.test().get(0).subject();
        bySubject.put(subject, subjectMap(layout, s, f.ids(Fold.Part.TEST), d.trials()));
        System.out.println("  " + subject + ": " + model.getFileName());
      }
      title =
          "Peak-response saliency, "
              + (students.equals("kd") ? "distilled" : "plain")
              + " LOSO students (MAHNOB feature files, 32 x 4)";
      if (out == null) {
        out = source.run.resolve("saliency");
      }
    } else {
      if (subjects.isEmpty()) {
        throw new IllegalArgumentException("--model needs --subjects (e.g. --subjects P1,P3)");
      }
      TcnStudent s = TcnStudent.load(source.model);
      Path dir = data != null ? data : DemoCommand.defaultData();
      ProtocolSettings settings =
          new ProtocolSettings(
              FoldScheme.LOSO,
              10,
              new double[] {1},
              1,
              1,
              1e-5,
              new int[] {1},
              38,
              ProtocolSettings.EegStandardization.TRAINING,
              false,
              1);
      for (String subject : subjects) {
        ProtocolRunner r =
            new ProtocolRunner(
                dir,
                Path.of("unused"),
                settings,
                new long[] {0},
                1,
                new LinkedHashSet<>(List.of(subject)));
        ProtocolRunner.Data d = r.load();
        bySubject.put(
            subject, subjectMap(layout, s, new ArrayList<>(d.trials().keySet()), d.trials()));
      }
      title = "Peak-response saliency of " + source.model.getFileName();
      if (out == null) {
        out = Path.of("target/kd4j-saliency");
      }
    }
    SaliencyMap overall = SaliencyMap.mean(new ArrayList<>(bySubject.values()));
    Files.createDirectories(out);
    Map<String, SaliencyMap> all = new LinkedHashMap<>(bySubject);
    all.put("overall", overall);
    SaliencyCsv.write(out.resolve("saliency.csv"), all);
    TopomapFigure.Builder grid =
        TopomapFigure.builder(Montage.biosemi32()).title(title).range(0, 1);
    for (Map.Entry<String, SaliencyMap> e : all.entrySet()) {
      grid.row(e.getKey(), e.getValue());
    }
    grid.build().writePng(out.resolve("saliency-grid.png"));
    TopomapFigure.builder(Montage.biosemi32())
        .title(title + ", mean over subjects")
        .range(0, 1)
        .row("overall", overall)
        .build()
        .writePng(out.resolve("saliency-overall.png"));
    String md = summary(overall, bySubject.size(), title);
    AtomicFiles.write(
        out.resolve("saliency.md"), os -> os.write(md.getBytes(StandardCharsets.UTF_8)));
    System.out.print(md);
    System.out.println(
        "Wrote "
            + out.resolve("saliency-grid.png")
            + ", saliency-overall.png, saliency.csv, saliency.md");
    return 0;
  }

  private static Path find(Path dir, String prefix, boolean kd) throws java.io.IOException {
    String suffix = kd ? "-student-kd.kd4j" : "-student.kd4j";
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .sorted()
          .findFirst()
          .orElseThrow(
              () ->
                  new java.io.FileNotFoundException(
                      dir + " holds no " + prefix + "*" + suffix + " (was the run finished?)"));
    }
  }

  private static SaliencyMap subjectMap(
      FeatureLayout layout, TcnStudent s, List<String> ids, Map<String, PairedTrial> trials) {
    if (s.inputSize() != layout.width()) {
      throw new IllegalArgumentException(
          "the student takes "
              + s.inputSize()
              + " features per step; the layout "
              + layout
              + " has "
              + layout.width());
    }
    PeakResponseSaliency sal = new PeakResponseSaliency(layout, s::gradientOfPeak);
    List<float[][]> xs = new ArrayList<>();
    int rf = s.config().receptiveField();
    for (String id : ids) {
      float[][] x = trials.get(id).eeg().featuresView();
      if (x.length < rf) {
        throw new IllegalArgumentException(
            "trial "
                + id
                + " has "
                + x.length
                + " steps, fewer than the student's receptive field ("
                + rf
                + " steps): its peak response would see zero padding");
      }
      xs.add(x);
    }
    return sal.subject(xs);
  }

  /** Band ranking and per-region means of the overall map. */
  static String summary(SaliencyMap overall, int subjects, String title) {
    FeatureLayout l = overall.layout();
    StringBuilder sb = new StringBuilder("# " + title + "\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "Mean of %d subjects' maps, each normalised jointly over channels and bands (SPEC 10).%n%n",
            subjects));
    sb.append("| band | mean over channels |\n|---|---|\n");
    List<Integer> order = new ArrayList<>();
    for (int b = 0; b < l.nBands(); b++) {
      order.add(b);
    }
    order.sort((a, b) -> Double.compare(mean(overall.band(b)), mean(overall.band(a))));
    for (int b : order) {
      sb.append(
          String.format(
              Locale.ROOT, "| %s | %.3f |%n", l.bands().get(b).display(), mean(overall.band(b))));
    }
    sb.append("\n| region | mean over its channels and all bands |\n|---|---|\n");
    Map<String, List<Double>> regions = new LinkedHashMap<>();
    for (int c = 0; c < l.nChannels(); c++) {
      String r = region(l.channels().get(c));
      for (int b = 0; b < l.nBands(); b++) {
        regions.computeIfAbsent(r, k -> new ArrayList<>()).add(overall.value(c, b));
      }
    }
    regions.entrySet().stream()
        .sorted((a, b) -> Double.compare(meanOf(b.getValue()), meanOf(a.getValue())))
        .forEach(
            e ->
                sb.append(
                    String.format(
                        Locale.ROOT, "| %s | %.3f |%n", e.getKey(), meanOf(e.getValue()))));
    return sb.toString();
  }

  /** The lobe of a 10-20 channel name: frontal, central, temporal, parietal or occipital. */
  static String region(String ch) {
    if (ch.startsWith("PO") || ch.startsWith("O")) {
      return "occipital";
    }
    if (ch.startsWith("CP") || ch.startsWith("P")) {
      return "parietal";
    }
    if (ch.startsWith("T")) {
      return "temporal";
    }
    if (ch.startsWith("C")) {
      return "central";
    }
    return "frontal";
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double meanOf(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
