package io.github.kd4j.eeg.mahnob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.data.Trial;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link MahnobFeatures} on the 136 real trials of {@code shared/data/mahnob}. */
class MahnobRealDataTest {
  /**
   * float32 rounding of the source doubles: relative 2^-24 = 6e-8 (data/README: "at most 6e-8").
   */
  static final double FLOAT_ROUNDING = 6e-8;

  static Path dir;
  static List<MahnobTrial> trials;

  @BeforeAll
  static void load() throws IOException {
    dir = Path.of(System.getProperty("kd4j.data"), "mahnob");
    trials = MahnobFeatures.defaults().readDirectory(dir);
  }

  @Test
  void countsAndStepsPerSubjectAreThoseOfTheDataReadme() {
    // subject -> {trials, steps}, the table of data/README.md section mahnob
    Map<Integer, int[]> expected = new LinkedHashMap<>();
    expected.put(1, new int[] {19, 6172});
    expected.put(3, new int[] {13, 4452});
    expected.put(5, new int[] {13, 4327});
    expected.put(7, new int[] {13, 4106});
    expected.put(10, new int[] {5, 1491});
    expected.put(14, new int[] {13, 4186});
    expected.put(18, new int[] {1, 344});
    expected.put(20, new int[] {17, 5638});
    expected.put(22, new int[] {14, 4245});
    expected.put(24, new int[] {12, 3834});
    expected.put(27, new int[] {6, 1939});
    expected.put(29, new int[] {10, 3373});
    Map<Integer, int[]> actual = new LinkedHashMap<>();
    for (MahnobTrial t : trials) {
      int[] a = actual.computeIfAbsent(t.subject(), k -> new int[2]);
      a[0]++;
      a[1] += t.length();
    }
    assertEquals(expected.keySet(), actual.keySet());
    for (int s : expected.keySet()) {
      assertArrayEquals(expected.get(s), actual.get(s), "subject " + s);
    }
    assertEquals(136, trials.size());
    assertEquals(44107, trials.stream().mapToInt(MahnobTrial::length).sum());
  }

  @Test
  void trialsAreSortedAndShapedAsDocumented() {
    for (int i = 0; i < trials.size(); i++) {
      MahnobTrial t = trials.get(i);
      assertEquals("P" + t.subject() + "-trial-" + t.trial(), t.id());
      assertTrue(t.trial() % 2 == 0 && t.trial() >= 2 && t.trial() <= 40, t.id());
      assertTrue(t.length() >= 140 && t.length() <= 469, t.id() + " T=" + t.length());
      assertEquals(128, t.eeg()[0].length);
      assertEquals(327, t.face()[t.length() - 1].length);
      if (i > 0) {
        MahnobTrial p = trials.get(i - 1);
        assertTrue(
            p.subject() < t.subject() || (p.subject() == t.subject() && p.trial() < t.trial()),
            p.id() + " before " + t.id());
      }
    }
    assertEquals("P1-trial-2", trials.get(0).id());
    assertEquals("P1-trial-4", trials.get(1).id()); // numeric order, not "P1-trial-10"
    assertEquals("P29", trials.get(135).subjectId());
  }

  /** SPEC 12: the files' target is 2 x labels; the default scale 0.5 gives labels back. */
  @Test
  void defaultTargetEqualsReferenceLabels() throws IOException {
    Map<String, double[]> labels =
        MahnobFeatures.readReferenceLabels(dir.resolve("lable_continous_Mahnob.mat"));
    assertEquals(136, labels.size());
    assertEquals(
        trials.stream().map(MahnobTrial::id).toList(),
        new ArrayList<>(labels.keySet()),
        "labels file lists the same trials in the same order");
    List<MahnobTrial> unscaled = MahnobFeatures.builder().labelScale(1).build().readDirectory(dir);
    double worst = 0;
    for (int i = 0; i < trials.size(); i++) {
      double[] ref = labels.get(trials.get(i).id());
      float[] y = trials.get(i).target();
      float[] raw = unscaled.get(i).target();
      assertEquals(ref.length, y.length, trials.get(i).id());
      for (int k = 0; k < y.length; k++) {
        assertEquals(raw[k] * 0.5f, y[k], 0.0, "scaling by 0.5 is exact");
        double err = Math.abs(raw[k] - 2 * ref[k]);
        worst = Math.max(worst, err / Math.abs(2 * ref[k]));
        assertTrue(err <= FLOAT_ROUNDING * Math.abs(2 * ref[k]), trials.get(i).id() + " step " + k);
      }
    }
    System.out.println("MAHNOB target vs 2 x labels: max relative difference " + worst);
  }

  @Test
  void kdCoreTrials() {
    MahnobTrial t = trials.get(0);
    Trial eeg = t.eegTrial();
    assertEquals("P1-trial-2", eeg.id());
    assertEquals("P1", eeg.subject());
    assertEquals(t.length(), eeg.length());
    assertEquals(128, eeg.featureSize());
    assertArrayEquals(t.target(), eeg.labels());
    assertArrayEquals(t.eeg()[5], eeg.features()[5]);

    Trial face = t.faceTrial(MahnobTrialTest.range(MahnobTrial.REFERENCE_FACE_FEATURES));
    assertEquals(38, face.featureSize());
    assertEquals(t.face()[7][37], face.features()[7][37]);
    assertEquals(327, t.faceTrial().featureSize());
    Trial picked = t.faceTrial(300, 2);
    assertEquals(t.face()[3][300], picked.features()[3][0]);
    assertEquals(t.face()[3][2], picked.features()[3][1]);
  }
}
