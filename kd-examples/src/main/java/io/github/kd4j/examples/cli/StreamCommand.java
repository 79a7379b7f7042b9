package io.github.kd4j.examples.cli;

import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.filter.AverageReference;
import io.github.kd4j.eeg.io.Recording;
import io.github.kd4j.eeg.io.RecordingReader;
import io.github.kd4j.eeg.online.OnlineValence;
import io.github.kd4j.eeg.online.OnlineValenceEstimator;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import io.github.kd4j.eeg.student.TcnStudent;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kd4j stream}: replays an EDF/BDF file as a live stream through {@link
 * OnlineValenceEstimator} (causal filter, average reference, incremental band power, stepped
 * student), prints one line per value, writes {@code stream.csv} and {@code stream.png}; with
 * {@code --compare} it also runs the offline causal path and prints the largest difference.
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
      "Online valence: replay an EDF/BDF file as a live EEG stream (4 values per second).",
      "Prints one line per value and writes stream.csv and stream.png into --out."
    })
public final class StreamCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      description = "A trained student: .kd4j (stepped, one step of work per value) or .onnx.")
  Path model;

  @Option(names = "--replay", required = true, description = "The EDF/BDF file to replay.")
  Path replay;

  @Option(names = "--realtime", description = "Pace the blocks at the file's sampling rate.")
  boolean realtime;

  @Option(
      names = "--block",
      defaultValue = "32",
      description = "Samples per pushed block (default ${DEFAULT-VALUE}).")
  int block;

  @Option(
      names = "--channels",
      split = ",",
      description = "EEG channels in feature order (default: the 32 BioSemi channels of SPEC 3).")
  List<String> channels;

  @Option(names = "--out", description = "Output folder (default target/kd4j-stream).")
  Path out = Path.of("target/kd4j-stream");

  @Option(names = "--compare", description = "Also run the offline causal path and compare.")
  boolean compare;

  PrintStream console = System.out;

  @Override
  public Integer call() throws Exception {
    if (block < 1) {
      throw new IllegalArgumentException("--block must be >= 1 sample, got " + block);
    }
    EegFeaturePipeline pipeline =
        channels == null
            ? EegFeaturePipeline.defaults()
            : EegFeaturePipeline.builder().channels(channels).build();
    Recording rec = RecordingReader.builder().channels(pipeline.channels()).build().read(replay);
    rec = rec.select(pipeline.channels());
    double fs = rec.samplingRate(0);
    for (int c = 1; c < rec.channelCount(); c++) {
      if (rec.samplingRate(c) != fs) {
        throw new IllegalArgumentException(
            replay
                + ": channels must share one sampling rate, got "
                + fs
                + " Hz and "
                + rec.samplingRate(c)
                + " Hz ("
                + rec.channelLabels().get(c)
                + ")");
      }
    }
    double[][] volts = rec.dataVolts();
    int n = volts[0].length;
    float[][] signal = new float[volts.length][n];
    for (int c = 0; c < volts.length; c++) {
      for (int i = 0; i < n; i++) {
        signal[c][i] = (float) volts[c][i];
      }
    }
    boolean onnx = model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    OnlineValenceEstimator.Builder b =
        OnlineValenceEstimator.builder().pipeline(pipeline).samplingRate(fs);
    TcnStudent student = null;
    if (onnx) {
      b.onnx(OnnxModel.load(model));
    } else {
      student = TcnStudent.load(model);
      b.student(student);
    }
    List<OnlineValence> values = new ArrayList<>();
    b.listener(
        v -> {
          values.add(v);
          if (!Kd4jCommand.quiet()) { // the program's --quiet: no line per value
            console.println(line(v));
          }
        });
    OnlineValenceEstimator.Latency latency;
    try (OnlineValenceEstimator est = b.build()) {
      console.printf(
          Locale.ROOT,
          "replaying %s: %d channels, %.1f s at %s Hz, blocks of %d samples%s%n",
          replay.getFileName(),
          volts.length,
          n / fs,
          fs,
          block,
          realtime ? ", real time" : "");
      long t0 = System.nanoTime();
      for (int at = 0; at < n; at += block) {
        int len = Math.min(block, n - at);
        float[][] chunk = new float[signal.length][];
        for (int c = 0; c < signal.length; c++) {
          chunk[c] = java.util.Arrays.copyOfRange(signal[c], at, at + len);
        }
        if (realtime) {
          long due = t0 + (long) ((at + len) / fs * 1e9);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        est.push(chunk);
      }
      latency = est.latency();
      est.drain();
    }
    Files.createDirectories(out);
    writeCsv(values);
    writePng(values, fs);
    console.println(latency);
    console.printf(
        Locale.ROOT,
        "%d values (%d flagged) -> %s, %s%n",
        values.size(),
        values.stream().filter(v -> !v.clean()).count(),
        out.resolve("stream.csv"),
        out.resolve("stream.png"));
    if (compare) {
      float[] offline = offline(signal, fs, pipeline, student);
      double worst = 0;
      int common = Math.min(offline.length, values.size());
      for (int k = 0; k < common; k++) {
        worst = Math.max(worst, Math.abs(offline[k] - values.get(k).valence()));
      }
      console.printf(
          Locale.ROOT,
          "compare: %d offline values (causal filter, average reference, band power, whole-sequence"
              + " forward), %d streamed; largest difference %.3g%n",
          offline.length,
          values.size(),
          worst);
    }
    return 0;
  }

  static String line(OnlineValence v) {
    return String.format(
        Locale.ROOT,
        "%6d  t=%9.3f s  sample %9d  valence %+.6f  %s",
        v.step(),
        v.time(),
        v.sample(),
        v.valence(),
        flags(v));
  }

  static String flags(OnlineValence v) {
    return v.flags().stream().map(Enum::name).sorted().collect(Collectors.joining("|"));
  }

  private float[] offline(float[][] signal, double fs, EegFeaturePipeline p, TcnStudent student)
      throws Exception {
    double[][] x = new double[signal.length][signal[0].length];
    for (int c = 0; c < x.length; c++) {
      for (int i = 0; i < x[c].length; i++) {
        x[c][i] = signal[c][i];
      }
    }
    io.github.kd4j.eeg.filter.CausalBandPass filter =
        io.github.kd4j.eeg.filter.CausalBandPass.butterworth(
            io.github.kd4j.eeg.filter.CausalBandPass.DEFAULT_ORDER, p.lowCut(), p.highCut(), fs);
    double[][] y = filter.apply(x);
    if (p.averageReference()) {
      y = AverageReference.apply(y);
    }
    BandPowerFeatures f =
        io.github.kd4j.eeg.bandpower.BandPowerExtractor.builder()
            .samplingRate(fs)
            .window(p.window())
            .hop(p.hop())
            .segment(p.segment())
            .bands(p.bands())
            .relative(p.relative())
            .build()
            .extract(y);
    float[][] rows = new float[f.windows()][];
    for (int k = 0; k < rows.length; k++) {
      double[] r = f.row(k);
      rows[k] = new float[r.length];
      for (int i = 0; i < r.length; i++) {
        rows[k][i] = (float) r[i];
      }
    }
    if (student != null) {
      return student.predict(rows);
    }
    try (OnnxModel m = OnnxModel.load(model)) {
      return m.run(rows).valence();
    }
  }

  private void writeCsv(List<OnlineValence> values) throws Exception {
    StringBuilder sb = new StringBuilder("step,window,sample,time_s,valence,flags\n");
    for (OnlineValence v : values) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%d,%d,%d,%.6f,%.9g,%s%n",
              v.step(),
              v.window(),
              v.sample(),
              v.time(),
              v.valence(),
              flags(v)));
    }
    AtomicFiles.write(
        out.resolve("stream.csv"), o -> o.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private void writePng(List<OnlineValence> values, double fs) throws Exception {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(420)
            .title("Online valence, " + replay.getFileName() + " (" + model.getFileName() + ")")
            .xAxisTitle("time since stream start (s)")
            .yAxisTitle("valence")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setSeriesLines(new BasicStroke[] {new BasicStroke(1.6f)});
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setYAxisDecimalPattern("0.000");
    List<Double> t = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    List<Double> ft = new ArrayList<>();
    List<Double> fy = new ArrayList<>();
    for (OnlineValence v : values) {
      t.add(v.time());
      y.add((double) v.valence());
      if (!v.clean()) {
        ft.add(v.time());
        fy.add((double) v.valence());
      }
    }
    if (t.isEmpty()) {
      t.add(0.0);
      y.add(0.0);
    }
    XYSeries trace = chart.addSeries("valence (4 Hz)", t, y);
    trace.setLineColor(new Color(31, 119, 180));
    trace.setMarker(SeriesMarkers.NONE);
    if (!ft.isEmpty()) {
      XYSeries flagged = chart.addSeries("flagged (warm-up, artifact, ...)", ft, fy);
      flagged.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      flagged.setMarkerColor(new Color(214, 39, 40));
      flagged.setMarker(SeriesMarkers.CIRCLE);
    }
    AtomicFiles.write(
        out.resolve("stream.png"),
        o -> BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG));
  }
}
