package io.github.kd4j.core.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.kd4j.core.data.Trial;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {
  private static SyntheticDataset small(long seed, int subjects, int trials) {
    return SyntheticDataset.builder()
        .subjects(subjects)
        .trialsPerSubject(trials)
        .steps(20, 40)
        .seed(seed)
        .build();
  }

  private static void assertSameTrial(SyntheticTrial a, SyntheticTrial b) {
    assertEquals(a.id(), b.id());
    assertEquals(a.subject(), b.subject());
    assertArrayEquals(a.latent(), b.latent(), a.id());
    assertArrayEquals(a.labels(), b.labels(), a.id());
    assertTrue(Arrays.deepEquals(a.visualFeatures(), b.visualFeatures()), a.id());
    assertTrue(Arrays.deepEquals(a.eegFeatures(), b.eegFeatures()), a.id());
  }

  @Test
  void sameSeedGivesIdenticalData() {
    SyntheticDataset a = small(11, 2, 2);
    SyntheticDataset b = small(11, 2, 2);
    assertEquals(4, a.trials().size());
    for (int i = 0; i < 4; i++) {
      assertSameTrial(a.trials().get(i), b.trials().get(i));
    }
    SyntheticTrial t = a.trials().get(3);
    SyntheticTrial u = b.trials().get(3);
    assertTrue(Arrays.deepEquals(t.rawEeg(), u.rawEeg()));
    assertArrayEquals(t.frames(), u.frames());
    // on demand streams give the same values on every call
    assertTrue(Arrays.deepEquals(t.rawEeg(), t.rawEeg()));
    assertArrayEquals(t.frame(17), u.frame(17));
  }

  @Test
  void differentSeedsGiveDifferentData() {
    SyntheticTrial a = small(11, 1, 1).trials().get(0);
    SyntheticTrial b = small(12, 1, 1).trials().get(0);
    assertFalse(Arrays.equals(a.labels(), b.labels()));
    assertFalse(Arrays.deepEquals(a.visualFeatures(), b.visualFeatures()));
    assertFalse(Arrays.deepEquals(a.eegFeatures(), b.eegFeatures()));
    assertFalse(Arrays.equals(a.frame(0), b.frame(0)));
    assertFalse(Arrays.deepEquals(a.rawEeg(), b.rawEeg()));
  }

  @Test
  void aTrialDoesNotDependOnHowManyTrialsOrSubjectsFollow() {
    SyntheticDataset few = small(5, 2, 2);
    SyntheticDataset many = small(5, 4, 3);
    for (SyntheticTrial t : few.trials()) {
      SyntheticTrial u = many.trials().get(t.subjectIndex() * 3 + t.trialIndex());
      assertSameTrial(t, u);
    }
    SyntheticTrial last = few.trials().get(3);
    SyntheticTrial same = many.trials().get(4);
    assertEquals("S02-T02", last.id());
    assertTrue(Arrays.deepEquals(last.rawEeg(), same.rawEeg()));
    assertArrayEquals(last.frame(5), same.frame(5));
  }

  @Test
  void lengthsStayWithinTheRangeAndIdsFollowTheScheme() {
    qt().withExamples(20)
        .forAll(longs().all(), integers().between(1, 60), integers().between(0, 30))
        .checkAssert(
            (seed, min, extra) -> {
              SyntheticDataset d =
                  SyntheticDataset.builder()
                      .subjects(2)
                      .trialsPerSubject(3)
                      .steps(min, min + extra)
                      .visualFeatures(4)
                      .eegChannels(2)
                      .seed(seed)
                      .build();
              for (SyntheticTrial t : d.trials()) {
                assertTrue(t.length() >= min && t.length() <= min + extra, t.toString());
                assertEquals(t.length(), t.visualFeatures().length);
                assertEquals(12, t.eegFeatures()[0].length);
              }
            });
    SyntheticDataset d = small(1, 2, 3);
    assertEquals("S01-T01", d.trials().get(0).id());
    assertEquals("S02-T03", d.trials().get(5).id());
    assertEquals("S02", d.trials().get(5).subject());
  }

  @Test
  void defaultLengthsSpanMahnobsRange() {
    SyntheticDataset d = SyntheticDataset.builder().subjects(3).trialsPerSubject(5).build();
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (SyntheticTrial t : d.trials()) {
      min = Math.min(min, t.length());
      max = Math.max(max, t.length());
    }
    assertTrue(min >= 140 && max <= 469, min + ".." + max);
  }

  @Test
  void labelsAreLatentPlusSubjectBiasPlusAnnotatorNoise() {
    SyntheticDataset exact =
        SyntheticDataset.builder().subjects(3).trialsPerSubject(2).labelNoiseSd(0).build();
    for (SyntheticTrial t : exact.trials()) {
      float[] y = t.labels();
      float[] v = t.latent();
      for (int i = 0; i < y.length; i++) {
        assertEquals(v[i] + t.subjectBias(), y[i], 1e-6, t.id() + " step " + i);
      }
    }
    double sd = 0.15;
    double tau = 1; // AR(1) coefficient exp(-1/4) = 0.7788 per step
    SyntheticDataset noisy =
        SyntheticDataset.builder()
            .subjects(4)
            .trialsPerSubject(5)
            .steps(400, 469)
            .labelNoiseSd(sd)
            .labelNoiseTimeConstant(tau)
            .build();
    double sum = 0;
    double lag = 0;
    long n = 0;
    for (SyntheticTrial t : noisy.trials()) {
      float[] y = t.labels();
      float[] v = t.latent();
      double prev = 0;
      for (int i = 0; i < y.length; i++) {
        double e = y[i] - v[i] - t.subjectBias();
        sum += e * e;
        lag += i > 0 ? e * prev : e * e;
        prev = e;
        n++;
      }
    }
    // about 8600 AR(0.78) samples, about 1000 effective: the std estimate is within ~2 % (1 sd)
    assertEquals(sd, Math.sqrt(sum / n), 0.1 * sd);
    // lag-1 autocorrelation (first steps counted as lag 0: a bias below 0.3 %)
    assertEquals(Math.exp(-1 / (4 * tau)), lag / sum, 0.05);
  }

  @Test
  void latentIsSmoothAndHasTheConfiguredSpread() {
    SyntheticTrial t = SyntheticDataset.builder().latentSd(0.3).build().trials().get(0);
    float[] v = t.latent();
    double mean = 0;
    for (float x : v) {
      mean += x;
    }
    mean /= v.length;
    double var = 0;
    double diff = 0;
    for (int i = 0; i < v.length; i++) {
      var += (v[i] - mean) * (v[i] - mean);
      if (i > 0) {
        diff += (v[i] - v[i - 1]) * (v[i] - v[i - 1]);
      }
    }
    assertEquals(0.3, Math.sqrt(var / v.length), 1e-5);
    // smooth: step-to-step changes are a small fraction of the spread
    assertTrue(Math.sqrt(diff / (v.length - 1)) < 0.1 * 0.3, "rough latent " + diff);
  }

  @Test
  void visualFeaturesFollowValenceStronglyAndEegWeakly() {
    SyntheticDataset d =
        SyntheticDataset.builder().subjects(6).trialsPerSubject(5).steps(400, 469).build();
    List<SyntheticTrial> trials = d.trials();
    double visualR = linearFitCorrelation(trials, true, d.visualFeatures());
    assertTrue(visualR > 0.95, "visual R " + visualR);
    // within-trial correlations (trial means removed, so subject offsets do not count)
    int c = d.eegChannels();
    double single = 0;
    boolean[] modulated = new boolean[d.eegFeatures()];
    boolean[] control = new boolean[d.eegFeatures()];
    for (int i = 0; i < d.eegFeatures(); i++) {
      modulated[i] = d.isModulated(i);
      // control: alpha and beta1 of the modulated channels, as many columns as the modulated ones
      int band = i / c;
      control[i] = (band == 2 || band == 3) && d.isModulated(5 * c + i % c);
      if (modulated[i]) {
        single += withinTrialCorrelation(trials, new boolean[][] {oneHot(i, d.eegFeatures())});
      }
    }
    single /= 20;
    double grouped = withinTrialCorrelation(trials, new boolean[][] {modulated});
    double controls = withinTrialCorrelation(trials, new boolean[][] {control});
    // one modulated column: gain 0.3 * sd 0.35 against sqrt(0.5^2 + 1.0^2): r about 0.09
    assertTrue(single > 0.03 && single < 0.2, "single modulated column r " + single);
    // the mean of the 20 modulated columns: noise shrinks by sqrt(20), r about 0.35
    assertTrue(grouped > 0.2, "mean of modulated columns r " + grouped);
    assertTrue(Math.abs(controls) < 0.12, "mean of unmodulated columns r " + controls);
  }

  private static boolean[] oneHot(int i, int n) {
    boolean[] b = new boolean[n];
    b[i] = true;
    return b;
  }

  /**
   * Pearson r between the latent and the mean of the selected EEG columns, both centred per trial,
   * pooled over trials.
   */
  private static double withinTrialCorrelation(List<SyntheticTrial> trials, boolean[][] select) {
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (SyntheticTrial t : trials) {
      float[][] f = t.eegFeatures();
      float[] v = t.latent();
      double[] x = new double[v.length];
      double mx = 0;
      double my = 0;
      for (int s = 0; s < v.length; s++) {
        int n = 0;
        for (int i = 0; i < select[0].length; i++) {
          if (select[0][i]) {
            x[s] += f[s][i];
            n++;
          }
        }
        x[s] /= n;
        mx += x[s];
        my += v[s];
      }
      mx /= v.length;
      my /= v.length;
      for (int s = 0; s < v.length; s++) {
        sxy += (x[s] - mx) * (v[s] - my);
        sxx += (x[s] - mx) * (x[s] - mx);
        syy += (v[s] - my) * (v[s] - my);
      }
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  @Test
  void rawEegYieldsOneSpec34WindowPerStep() {
    SyntheticDataset d = small(3, 1, 2);
    for (SyntheticTrial t : d.trials()) {
      int n = t.rawEegSamples();
      assertEquals(64 * t.length() + 449, n);
      int windows = 0;
      while (64 * windows + 512 < n) { // SPEC 3.4 loop, strict
        windows++;
      }
      assertEquals(t.length(), windows);
      float[][] x = t.rawEeg();
      assertEquals(32, x.length);
      for (float[] ch : x) {
        assertEquals(n, ch.length);
        for (float s : ch) {
          assertTrue(Float.isFinite(s) && Math.abs(s) < 1000, "sample " + s);
        }
      }
    }
  }

  @Test
  void framesHaveTheDocumentedShapeAndMatchSingleFrames() {
    SyntheticTrial t = small(4, 1, 1).trials().get(0);
    assertEquals(16 * t.length(), t.frameCount());
    byte[] all = t.frames();
    assertEquals(t.frameCount() * 48 * 48 * 3, all.length);
    for (int j : new int[] {0, 1, 15, 16, t.frameCount() - 1}) {
      assertArrayEquals(
          Arrays.copyOfRange(all, j * 6912, (j + 1) * 6912), t.frame(j), "frame " + j);
    }
    byte[] f = t.frame(0);
    int lo = 255;
    int hi = 0;
    for (byte b : f) {
      lo = Math.min(lo, b & 0xff);
      hi = Math.max(hi, b & 0xff);
    }
    assertTrue(hi - lo > 100, "contrast " + lo + ".." + hi);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.frame(t.frameCount()));
    assertTrue(e.getMessage().contains("frame index must be in [0, " + t.frameCount() + ")"));
  }

  @Test
  void mouthCurvatureAndBrowsFollowValence() {
    SyntheticDataset d =
        SyntheticDataset.builder().subjects(1).trialsPerSubject(1).frameNoiseSd(0).build();
    SyntheticTrial t = d.trials().get(0);
    float[] v = t.latent();
    int lo = 0;
    int hi = 0;
    for (int i = 0; i < v.length; i++) {
      lo = v[i] < v[lo] ? i : lo;
      hi = v[i] > v[hi] ? i : hi;
    }
    double smileLow = FacePixels.smile(t.frame(16 * lo), 48);
    double smileHigh = FacePixels.smile(t.frame(16 * hi), 48);
    assertTrue(smileHigh > smileLow + 1, "smile " + smileLow + " -> " + smileHigh);
    double browLow = FacePixels.browHeight(t.frame(16 * lo), 48);
    double browHigh = FacePixels.browHeight(t.frame(16 * hi), 48);
    assertTrue(browHigh > browLow + 0.5, "brow " + browLow + " -> " + browHigh);
  }

  @Test
  void labelScaleScalesTheLabelsOnly() {
    SyntheticDataset one = SyntheticDataset.builder().subjects(2).trialsPerSubject(2).build();
    SyntheticDataset tenth =
        SyntheticDataset.builder().subjects(2).trialsPerSubject(2).labelScale(0.1).build();
    for (int k = 0; k < one.trials().size(); k++) {
      SyntheticTrial a = one.trials().get(k);
      SyntheticTrial b = tenth.trials().get(k);
      assertArrayEquals(a.latent(), b.latent());
      assertArrayEquals(a.eegFeatures(), b.eegFeatures());
      assertArrayEquals(a.visualFeatures(), b.visualFeatures());
      float[] ya = a.labels();
      float[] yb = b.labels();
      for (int i = 0; i < ya.length; i++) {
        assertEquals(0.1 * ya[i], yb[i], 1e-6, a.id() + " step " + i);
      }
    }
    assertMessage(
        "labelScale must be a finite number > 0, got 0.0",
        () -> SyntheticDataset.builder().labelScale(0));
  }

  @Test
  void buildersRejectBadValuesWithTheirNames() {
    SyntheticDataset.Builder b = SyntheticDataset.builder();
    assertMessage("minSteps must be > 0, got 0", () -> b.steps(0, 5));
    assertMessage("subjects must be in [1, 99], got 0", () -> b.subjects(0));
    assertMessage("eegChannels must be in [1, 32], got 33", () -> b.eegChannels(33));
    assertMessage(
        "samplingRate must be a multiple of 4 and >= 96 Hz, got 250", () -> b.samplingRate(250));
    assertMessage(
        "labelNoiseSd must be a finite number >= 0, got -0.1", () -> b.labelNoiseSd(-0.1));
    assertMessage("frameSize must be in [16, 512] px, got 8", () -> b.frameSize(8));
    b.steps(10, 5);
    assertMessage("minSteps (10) must not exceed maxSteps (5)", b::build);
    assertTrue(b.steps(5, 10).build().toString().contains("steps=[5, 10]"));
  }

  @Test
  void namesAndTrialsFollowTheLayout() {
    SyntheticDataset d = small(2, 1, 1);
    assertEquals("delta Fp1", d.eegFeatureName(0));
    assertEquals("gamma O2", d.eegFeatureName(191));
    assertTrue(d.isModulated(5 * 32 + d.channelNames().indexOf("Fp1")));
    assertFalse(d.isModulated(2 * 32 + d.channelNames().indexOf("Fp1")));
    assertFalse(d.isModulated(5 * 32 + d.channelNames().indexOf("Oz")));
    SyntheticTrial t = d.trials().get(0);
    Trial eeg = t.eegTrial();
    Trial visual = t.visualTrial();
    assertEquals(t.id(), eeg.id());
    assertEquals(192, eeg.featureSize());
    assertEquals(16, visual.featureSize());
    assertArrayEquals(t.labels(), visual.labels());
    assertTrue(t.toString().startsWith("SyntheticTrial{id=S01-T01, steps="), t.toString());
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static double pearson(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElseThrow();
    double my = Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  /** Correlation of the latent with its least-squares fit on the features (multiple R). */
  private static double linearFitCorrelation(List<SyntheticTrial> trials, boolean visual, int d) {
    int p = d + 1;
    double[][] a = new double[p][p + 1];
    for (SyntheticTrial t : trials) {
      float[][] f = visual ? t.visualFeatures() : t.eegFeatures();
      float[] y = t.latent();
      for (int s = 0; s < y.length; s++) {
        double[] row = new double[p];
        row[0] = 1;
        for (int c = 0; c < d; c++) {
          row[c + 1] = f[s][c];
        }
        for (int i = 0; i < p; i++) {
          for (int j = 0; j < p; j++) {
            a[i][j] += row[i] * row[j];
          }
          a[i][p] += row[i] * y[s];
        }
      }
    }
    double[] beta = solve(a);
    int n = 0;
    for (SyntheticTrial t : trials) {
      n += t.length();
    }
    double[] fit = new double[n];
    double[] lab = new double[n];
    int k = 0;
    for (SyntheticTrial t : trials) {
      float[][] f = visual ? t.visualFeatures() : t.eegFeatures();
      float[] y = t.latent();
      for (int s = 0; s < y.length; s++, k++) {
        double z = beta[0];
        for (int c = 0; c < d; c++) {
          z += beta[c + 1] * f[s][c];
        }
        fit[k] = z;
        lab[k] = y[s];
      }
    }
    return pearson(fit, lab);
  }

  @Test
  void splitKeepsEverySubjectInEveryPartitionAndTestsTheLastTrial() {
    SyntheticDataset d = small(4, 3, 5);
    SyntheticDataset.Split s = d.split();
    assertEquals(9, s.train().size());
    assertEquals(3, s.validation().size());
    assertEquals(3, s.test().size());
    for (SyntheticTrial t : s.test()) {
      assertEquals(4, t.trialIndex(), t.id());
    }
    for (SyntheticTrial t : s.validation()) {
      assertEquals(3, t.trialIndex(), t.id());
    }
    for (SyntheticTrial t : s.train()) {
      assertTrue(t.trialIndex() < 3, t.id());
    }
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> small(4, 3, 2).split());
    assertTrue(e.getMessage().contains("trialsPerSubject must be >= 3"), e.getMessage());
  }

  /** Gauss-Jordan with partial pivoting on the augmented matrix {@code [A | b]}. */
  private static double[] solve(double[][] a) {
    int p = a.length;
    for (int c = 0; c < p; c++) {
      int piv = c;
      for (int r = c + 1; r < p; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      double[] tmp = a[c];
      a[c] = a[piv];
      a[piv] = tmp;
      for (int r = 0; r < p; r++) {
        if (r != c) {
          double f = a[r][c] / a[c][c];
          for (int j = c; j <= p; j++) {
            a[r][j] -= f * a[c][j];
          }
        }
      }
    }
    double[] x = new double[p];
    for (int i = 0; i < p; i++) {
      x[i] = a[i][p] / a[i][i];
    }
    return x;
  }
}
