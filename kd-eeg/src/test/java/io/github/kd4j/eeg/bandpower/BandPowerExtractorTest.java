package io.github.kd4j.eeg.bandpower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Builder validation, shapes, awkward sizes, lookup and thread safety. */
class BandPowerExtractorTest {
  static final BandPowerExtractor DEFAULT = BandPowerExtractor.builder().build();

  static IllegalArgumentException rejects(org.junit.jupiter.api.function.Executable e) {
    return assertThrows(IllegalArgumentException.class, e);
  }

  @ParameterizedTest
  @CsvSource({"512, 0", "513, 1", "576, 1", "577, 2", "640, 2", "641, 3", "25600, 392", "0, 0"})
  void windowCountIsStrict(int n, int windows) {
    assertEquals(windows, DEFAULT.windowCount(n));
    BandPowerFeatures f = DEFAULT.extract(NaiveVsFastPathTest.noise(n, 2, n));
    assertEquals(windows, f.windows());
    assertEquals(12, f.width());
    for (int k = 0; k < windows; k++) {
      assertEquals(12, f.row(k).length);
    }
  }

  @Test
  void inputShorterThanOneWindowGivesEmptyResult() {
    BandPowerFeatures f = DEFAULT.extract(new double[32][512]);
    assertEquals(0, f.windows());
    assertEquals(192, f.width());
    assertEquals(0, f.values().length);
    assertTrue(f.toString().startsWith("BandPowerFeatures[0 windows x 192"), f.toString());
  }

  @Test
  void defaultsAreSpec34() {
    assertEquals(256.0, DEFAULT.samplingRate());
    assertEquals(512, DEFAULT.windowSamples());
    assertEquals(2.0, DEFAULT.windowSeconds());
    assertEquals(64, DEFAULT.hopSamples());
    assertEquals(0.25, DEFAULT.hopSeconds());
    assertEquals(256, DEFAULT.segmentSamples());
    assertEquals(3, DEFAULT.segmentsPerWindow());
    assertEquals(1.0, DEFAULT.frequencyResolution());
    assertTrue(DEFAULT.relative());
    assertSame(FrequencyBands.DEFAULT, DEFAULT.bands());
    String s = DEFAULT.toString();
    assertTrue(
        s.contains("window=2.0 s (512 samples)") && s.contains("hop=0.25 s (64 samples)"), s);
    assertTrue(s.contains("beta2 18-30 Hz") && s.contains("delta 0.3-4 Hz"), s);
    assertEquals(DEFAULT.toString(), DEFAULT.toBuilder().build().toString());
  }

  @Test
  void defaultBandsCoverTheSpecBinCounts() {
    // SPEC 3.4: 4, 5, 5, 7, 13 and 16 bins at 1 Hz; delta starts at bin 1 (0.3 Hz excludes DC)
    int[] counts = {4, 5, 5, 7, 13, 16};
    int[] first = {1, 4, 8, 12, 18, 30};
    for (int b = 0; b < 6; b++) {
      assertEquals(counts[b], DEFAULT.bandBinCount(b), "band " + b);
      assertEquals(first[b], DEFAULT.bandFirstBin(b), "band " + b);
    }
  }

  @Test
  void layoutIsBandMajor() {
    double[][] x = NaiveVsFastPathTest.noise(3, 3, 1000);
    BandPowerFeatures f = DEFAULT.extract(x);
    // channel 1 alone gives the same numbers as column block position 1 of every band
    BandPowerFeatures one = DEFAULT.extract(new double[][] {x[1]});
    for (int k = 0; k < f.windows(); k++) {
      for (int b = 0; b < 6; b++) {
        assertEquals(one.value(k, b, 0), f.value(k, b, 1));
        assertEquals(f.row(k)[b * 3 + 1], f.value(k, b, 1));
      }
    }
  }

  @Test
  void settersRejectTheirOwnBadValues() {
    var b = BandPowerExtractor.builder();
    assertEquals(
        "window must be a finite number > 0 s, got -2.0",
        rejects(() -> b.window(-2.0)).getMessage());
    assertEquals(
        "hop must be a finite number > 0 s, got 0.0", rejects(() -> b.hop(0)).getMessage());
    assertEquals(
        "segment must be a finite number > 0 s, got NaN",
        rejects(() -> b.segment(Double.NaN)).getMessage());
    assertEquals(
        "samplingRate must be a finite number > 0 Hz, got Infinity",
        rejects(() -> b.samplingRate(Double.POSITIVE_INFINITY)).getMessage());
    assertTrue(
        rejects(() -> b.bands(List.of()))
            .getMessage()
            .startsWith("bands must hold at least 1 band"));
    var dup = List.of(FrequencyBands.ALPHA, new FrequencyBand("alpha", 1, 2));
    assertTrue(rejects(() -> b.bands(dup)).getMessage().contains("'alpha' twice"));
  }

  @Test
  void buildRejectsInconsistentSettingsNamingEveryValue() {
    assertEquals(
        "window * samplingRate must be a whole number of samples, got 2.01 s * 256.0 Hz = 514.56",
        rejects(() -> BandPowerExtractor.builder().window(2.01).build()).getMessage());
    assertTrue(
        rejects(() -> BandPowerExtractor.builder().hop(0.1).build())
            .getMessage()
            .startsWith(
                "hop * samplingRate must be a whole number of samples, got 0.1 s * 256.0 Hz"));
    assertEquals(
        "hop (3.0 s) must not exceed window (2.0 s)",
        rejects(() -> BandPowerExtractor.builder().hop(3).build()).getMessage());
    assertEquals(
        "segment (4.0 s) must not exceed window (2.0 s)",
        rejects(() -> BandPowerExtractor.builder().segment(4).build()).getMessage());
    assertEquals(
        "band 'gamma' high edge must be <= the Nyquist frequency samplingRate / 2 = 40.0 Hz, got"
            + " 45.0 Hz",
        rejects(() -> BandPowerExtractor.builder().samplingRate(80).build()).getMessage());
    var narrow = List.of(new FrequencyBand("slow", 0.3, 0.7));
    String msg = rejects(() -> BandPowerExtractor.builder().bands(narrow).build()).getMessage();
    assertTrue(msg.startsWith("band 'slow' (0.3-0.7 Hz) must contain at least one PSD bin"), msg);
    assertTrue(msg.contains("1.0 Hz apart"), msg);
  }

  @Test
  void builderIsReusableAfterBuild() {
    var b = BandPowerExtractor.builder().samplingRate(128);
    BandPowerExtractor first = b.build();
    BandPowerExtractor second = b.relative(false).build();
    assertTrue(first.relative());
    assertTrue(!second.relative());
    assertEquals(128, first.segmentSamples());
  }

  @Test
  void extractRejectsBadDataNamingChannelAndSample() {
    double[][] x = new double[2][600];
    x[1][599] = Double.POSITIVE_INFINITY;
    assertEquals(
        "data must be finite, got Infinity at channel 1, sample 599",
        rejects(() -> DEFAULT.extract(x)).getMessage());
    assertEquals(
        "data channels must all have the same length, got 600 samples in channel 0 and 599 in"
            + " channel 1",
        rejects(() -> DEFAULT.extract(new double[][] {new double[600], new double[599]}))
            .getMessage());
    assertEquals(
        "data must have at least 1 channel, got 0",
        rejects(() -> DEFAULT.extract(new double[0][])).getMessage());
  }

  @Test
  void bandLookupSuggestsTheNearestName() {
    assertSame(FrequencyBands.BETA2, FrequencyBands.byName("Beta2"));
    String msg = rejects(() -> FrequencyBands.byName("beta3")).getMessage();
    assertTrue(msg.contains("got 'beta3'.") && msg.endsWith("Did you mean 'beta1'?"), msg);
    assertTrue(
        rejects(() -> FrequencyBands.byName("btea2"))
            .getMessage()
            .endsWith("Did you mean 'beta2'?"));
    assertTrue(
        !rejects(() -> FrequencyBands.byName("xyzzyqq")).getMessage().contains("Did you mean"));
    assertEquals(
        "band 'x' high must be finite and > low (4.0 Hz), got 4.0",
        rejects(() -> new FrequencyBand("x", 4, 4)).getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void sharedExtractorIsThreadSafe(int threads) throws Exception {
    double[][] x = NaiveVsFastPathTest.noise(11, 4, 256 * 20);
    BandPowerFeatures expected = DEFAULT.extract(x);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<BandPowerFeatures>> results = new ArrayList<>();
      for (int i = 0; i < 4 * threads; i++) {
        results.add(pool.submit(() -> DEFAULT.extract(x)));
      }
      for (Future<BandPowerFeatures> r : results) {
        assertEquals(expected, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void featuresCopyTheirArrays() {
    double[][] rows = {{1, 2}};
    var f = new BandPowerFeatures(rows, List.of(FrequencyBands.ALPHA), 2, false);
    rows[0][0] = 9;
    assertEquals(1, f.value(0, 0, 0));
    f.values()[0][0] = 9;
    assertEquals(1, f.value(0, 0, 0));
    assertArrayEquals(new float[] {1f, 2f}, f.toFloats()[0]);
    assertTrue(
        rejects(() -> new BandPowerFeatures(rows, List.of(FrequencyBands.ALPHA), 3, true))
            .getMessage()
            .contains("= 3 values, got 2"));
  }
}
