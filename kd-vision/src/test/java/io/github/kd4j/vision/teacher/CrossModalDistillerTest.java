package io.github.kd4j.vision.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.distill.CrossModalDistiller;
import io.github.kd4j.core.distill.DistillationListener;
import io.github.kd4j.core.distill.DistillationResult;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.distill.StepFeatures;
import io.github.kd4j.core.distill.StudentTemplate;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.core.train.EpochReport;
import io.github.kd4j.core.train.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CrossModalDistiller} with {@link VisualTeacher} on small paired trials whose visual stream
 * carries the label clearly and whose EEG stream carries it weakly.
 */
class CrossModalDistillerTest {
  static final int EEG = 6;
  static final int VIS = 5;

  /** Paired trials: a smooth latent valence; visual = latent mixed + small noise; EEG weak. */
  static List<PairedTrial> trials(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<PairedTrial> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int steps = 70 + r.nextInt(80);
      float[] y = new float[steps];
      float[][] eeg = new float[steps][EEG];
      float[][] vis = new float[steps][VIS];
      double v = 0;
      for (int t = 0; t < steps; t++) {
        v = 0.95 * v + 0.1 * r.nextGaussian();
        y[t] = (float) (v + 0.02 * r.nextGaussian());
        for (int c = 0; c < VIS; c++) {
          vis[t][c] = (float) ((c + 1) * 0.5 * v + 0.05 * r.nextGaussian());
        }
        for (int c = 0; c < EEG; c++) {
          eeg[t][c] = (float) ((c % 2 == 0 ? 0.3 : -0.2) * v + 0.3 * r.nextGaussian());
        }
      }
      out.add(PairedTrial.of("t" + i, "s" + (i % 3), y, eeg, StepFeatures.of(vis)));
    }
    return out;
  }

  static final List<PairedTrial> DATA = trials(10, 3);
  static final List<PairedTrial> TRAIN = DATA.subList(0, 7);
  static final List<PairedTrial> VALID = DATA.subList(7, 10);

  static TrainerConfig fast(int epochs) {
    return TrainerConfig.builder()
        .learningRate(3e-3)
        .minLearningRate(1e-5)
        .maxEpochs(epochs)
        .earlyStoppingPatience(epochs)
        .build();
  }

  static VisualTeacher teacher() {
    return VisualTeacher.builder().features(VIS).channels(8, 8).seed(7).trainer(fast(3)).build();
  }

  static StudentTemplate<SequenceRegressor> student() {
    return StudentTemplate.regressor(
        TcnConfig.builder().inputSize(EEG).channels(8, 8).build(), true, fast(2));
  }

  static CrossModalDistiller<SequenceRegressor> distiller(Path dir, DistillationListener... ls) {
    CrossModalDistiller.Builder<SequenceRegressor> b =
        CrossModalDistiller.builder()
            .teacher(teacher())
            .student(student())
            .kdWeights(0.5, 1.0)
            .seed(7)
            .checkpoints(dir);
    for (DistillationListener l : ls) {
      b.listener(l);
    }
    return b.build();
  }

  @Test
  void runsTheWholeMethodInOneCall(@TempDir Path dir) throws Exception {
    List<String> stages = new ArrayList<>();
    DistillationResult<SequenceRegressor> r =
        distiller(
                dir.resolve("cp"),
                new DistillationListener() {
                  @Override
                  public void onStage(Stage stage, double w, int index, int total) {
                    stages.add(stage + " " + w + " " + (index + 1) + "/" + total);
                  }
                })
            .fit(TRAIN, VALID);
    assertEquals(
        List.of(
            "TEACHER NaN 1/5",
            "KNOWLEDGE NaN 2/5",
            "STUDENT 0.0 3/5",
            "STUDENT 0.5 4/5",
            "STUDENT 1.0 5/5"),
        stages);
    assertEquals(List.of(0.0, 0.5, 1.0), new ArrayList<>(r.students().keySet()));
    assertTrue(r.teacher().isFitted());
    assertTrue(r.teacherValidation().ccc() > 0.5, r.toString());
    // chosen by validation CCC among the grid
    double best = Math.max(r.validation().get(0.5).ccc(), r.validation().get(1.0).ccc());
    assertEquals(best, r.validation().get(r.chosenWeight()).ccc());
    assertEquals("1.0", r.student(1.0).provenance().extra().get("kdWeight"));
    assertEquals("0.0", r.plainStudent().provenance().extra().get("kdWeight"));
    assertEquals(7, r.provenance().seed());
    // ONNX: teacher and student, with provenance that reads back
    r.exportOnnx(dir.resolve("onnx"));
    try (OnnxModel s = OnnxModel.load(dir.resolve("onnx/student.onnx"))) {
      String prov = s.metadata().get("kd4j.provenance");
      assertEquals(
          r.student().provenance().dataHash(),
          io.github.kd4j.core.model.Provenance.parse(prov).dataHash());
      float[][] x = VALID.get(0).eeg().featuresView();
      float[] java = r.student().predict(x);
      float[] ort = s.run(x).valence();
      for (int t = 0; t < java.length; t++) {
        assertEquals(java[t], ort[t], 1e-5, "step " + t);
      }
    }
    try (OnnxModel t = OnnxModel.load(dir.resolve("onnx/teacher.onnx"))) {
      assertEquals(VIS, t.inputWidth());
    }
  }

  @Test
  void studentsArePairedAndOnlyTheWeightDiffers(@TempDir Path dir) throws Exception {
    DistillationResult<SequenceRegressor> r = distiller(null).fit(TRAIN, VALID);
    long seed0 = r.plainStudent().trainer().seed();
    for (SequenceRegressor s : r.students().values()) {
      assertEquals(seed0, s.trainer().seed(), "one student seed: same weights, batches, masks");
    }
    // same initial weights
    assertArrayEquals(
        r.plainStudent().initialNetwork(seed0).flatParameters(),
        r.student(1.0).initialNetwork(seed0).flatParameters());
    // different weights after training with different w
    assertFalse(
        java.util.Arrays.equals(
            r.plainStudent().network().flatParameters(),
            r.student(1.0).network().flatParameters()));
  }

  @Test
  void studentsNeverReadKnowledgeAtTestTime() throws Exception {
    DistillationResult<SequenceRegressor> r = distiller(null).fit(TRAIN, VALID);
    PairedTrial test = trials(1, 99).get(0);
    Trial plain = test.eeg();
    assertFalse(plain.hasKnowledge());
    Trial withJunk = plain.withKnowledge(new float[plain.length()][8]);
    assertArrayEquals(
        r.student().predict(plain.featuresView()), r.student().predict(withJunk.featuresView()));
    // the teacher's knowledge is computed from the visual stream of training/validation trials
    assertEquals(
        test.length(), r.teacher().knowledge(test).length, "knowledge at 4 Hz: one row a step");
  }

  @Test
  void interruptedFitResumesBitIdentical(@TempDir Path dir) throws Exception {
    DistillationResult<SequenceRegressor> full = distiller(dir.resolve("a")).fit(TRAIN, VALID);
    Path cp = dir.resolve("b");
    DistillationListener interrupt =
        new DistillationListener() {
          @Override
          public void onEpoch(Progress p, EpochReport report) {
            if (p.stage() == Stage.STUDENT && p.kdWeight() == 0.5 && p.epoch() == 1) {
              Thread.currentThread().interrupt();
            }
          }
        };
    assertThrows(InterruptedException.class, () -> distiller(cp, interrupt).fit(TRAIN, VALID));
    assertTrue(Thread.interrupted());
    DistillationResult<SequenceRegressor> resumed = distiller(cp).fit(TRAIN, VALID);
    for (double w : new double[] {0.0, 0.5, 1.0}) {
      assertArrayEquals(
          full.student(w).network().flatParameters(),
          resumed.student(w).network().flatParameters(),
          "w = " + w);
      assertEquals(full.validation().get(w), resumed.validation().get(w));
    }
    assertEquals(full.chosenWeight(), resumed.chosenWeight());
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CrossModalDistiller.builder().kdWeights());
    assertTrue(e.getMessage().contains("empty grid"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CrossModalDistiller.builder().kdWeights(0.2, -0.4));
    assertTrue(e.getMessage().contains("got -0.4"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CrossModalDistiller.builder().kdWeights(0.2, Double.NaN));
    assertTrue(e.getMessage().contains("got NaN"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CrossModalDistiller.builder().kdWeights(0.2, 0.2));
    assertTrue(e.getMessage().contains("distinct"), e.getMessage());
    IllegalStateException s =
        assertThrows(
            IllegalStateException.class,
            () -> CrossModalDistiller.builder().student(student()).build());
    assertTrue(s.getMessage().contains("teacher"), s.getMessage());
    // widths of the two feature spaces must agree
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CrossModalDistiller.builder()
                    .teacher(VisualTeacher.builder().features(VIS).channels(8, 4).build())
                    .student(student())
                    .build());
    assertTrue(e.getMessage().contains("as wide"), e.getMessage());
    // streams that do not pair up
    float[] y = new float[50];
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PairedTrial.of(
                    "odd", "s", y, new float[50][EEG], StepFeatures.of(new float[47][VIS])));
    assertTrue(e.getMessage().contains("trial odd") && e.getMessage().contains("47"));
    PairedTrial trimmed =
        PairedTrial.of("one", "s", y, new float[50][EEG], StepFeatures.of(new float[49][VIS]));
    assertEquals(49, trimmed.length());
    assertEquals(49, trimmed.visual().steps());
    // a trial in both partitions, a wrong EEG width, a wrong visual width, NaN
    CrossModalDistiller<SequenceRegressor> d = distiller(null);
    e = assertThrows(IllegalArgumentException.class, () -> d.fit(TRAIN, List.of(TRAIN.get(0))));
    assertTrue(e.getMessage().contains("trial t0 appears twice"), e.getMessage());
    PairedTrial narrow =
        PairedTrial.of(
            "narrow", "s", y, new float[50][EEG - 1], StepFeatures.of(new float[50][VIS]));
    e = assertThrows(IllegalArgumentException.class, () -> d.fit(TRAIN, List.of(narrow)));
    assertTrue(e.getMessage().contains("trial narrow"), e.getMessage());
    PairedTrial wrongVisual =
        PairedTrial.of("wv", "s", y, new float[50][EEG], StepFeatures.of(new float[50][VIS + 2]));
    e = assertThrows(IllegalArgumentException.class, () -> d.fit(TRAIN, List.of(wrongVisual)));
    assertTrue(e.getMessage().contains("trial wv"), e.getMessage());
    float[][] nan = new float[50][VIS];
    nan[3][2] = Float.NaN;
    e = assertThrows(IllegalArgumentException.class, () -> StepFeatures.of(nan));
    assertTrue(e.getMessage().contains("got NaN at step 3, column 2"), e.getMessage());
    assertNotEquals(null, d.toString());
  }
}
