package io.github.kd4j.eeg.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.eeg.bandpower.BandPowerExtractor;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.filter.AverageReference;
import io.github.kd4j.eeg.filter.CausalBandPass;
import io.github.kd4j.eeg.filter.Crop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The causal option of {@link EegFeaturePipeline}: the same stages composed by hand, the
 * block-by-block (online) computation, settings and errors.
 */
class CausalPipelineTest {
  static final double FS = 128;

  static double[][] noise(int channels, int n, long seed) {
    return EegFeaturePipelineTest.noise(channels, n, seed);
  }

  /** Offline causal mode = CausalBandPass on the whole signal, crop, reference, band power. */
  @Test
  void causalModeIsTheStagesComposedByHand() {
    double[][] x = noise(4, 128 * 60, 11);
    EegFeaturePipeline p =
        EegFeaturePipeline.builder().channels("a", "b", "c", "d").causal(true).build();
    double[][] filtered = CausalBandPass.butterworth(4, 0.3, 45, FS).apply(x);
    BandPowerFeatures expected =
        BandPowerExtractor.builder()
            .samplingRate(FS)
            .build()
            .extract(AverageReference.apply(Crop.trimEnds(filtered, FS, 29, 25)));
    assertEquals(expected, p.extract(x, FS));

    EegFeaturePipeline q =
        p.toBuilder().noCrop().bandPass(1, 40).causalOrder(6).relative(false).build();
    BandPowerFeatures expectedQ =
        BandPowerExtractor.builder()
            .samplingRate(FS)
            .relative(false)
            .build()
            .extract(AverageReference.apply(CausalBandPass.butterworth(6, 1, 40, FS).apply(x)));
    assertEquals(expectedQ, q.extract(x, FS));
    assertNotEquals(
        expected,
        EegFeaturePipeline.builder().channels("a", "b", "c", "d").build().extract(x, FS),
        "the default (FIR) mode differs");
  }

  /**
   * Online: blocks of random sizes through one filter state and the in-place reference, then the
   * same windows; equals the offline causal pipeline without crop, bit for bit.
   */
  @Test
  void streamingBlocksReproduceTheOfflineCausalFeatures() {
    int n = 128 * 20;
    double[][] x = noise(5, n, 12);
    EegFeaturePipeline p =
        EegFeaturePipeline.builder()
            .channels("a", "b", "c", "d", "e")
            .causal(true)
            .noCrop()
            .build();
    CausalBandPass.State state = p.causalFilter(FS).newState(5);
    double[][] stream = new double[5][n];
    SplittableRandom rnd = new SplittableRandom(13);
    int at = 0;
    while (at < n) {
      int len = Math.min(n - at, 1 + rnd.nextInt(300));
      double[][] block = new double[5][];
      for (int c = 0; c < 5; c++) {
        block[c] = Arrays.copyOfRange(x[c], at, at + len);
      }
      state.process(block, block);
      AverageReference.applyInPlace(block, 5);
      for (int c = 0; c < 5; c++) {
        System.arraycopy(block[c], 0, stream[c], at, len);
      }
      at += len;
    }
    double[][] offline = AverageReference.apply(p.causalFilter(FS).apply(x));
    for (int c = 0; c < 5; c++) {
      assertArrayEquals(offline[c], stream[c], "channel " + c);
    }
    assertEquals(
        p.extract(x, FS), BandPowerExtractor.builder().samplingRate(FS).build().extract(stream));
  }

  @Test
  void applyInPlaceChecksItsArguments() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AverageReference.applyInPlace(new double[3][4], 1));
    assertTrue(e.getMessage().startsWith("eegChannels must be in [2, 3]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AverageReference.applyInPlace(new double[][] {{1, 2}, {3}}, 2));
    assertTrue(e.getMessage().contains("block channels must all have the same length"));
    double[][] x = {{1, 2}, {3, 6}, {7, 7}};
    AverageReference.applyInPlace(x, 2);
    assertArrayEquals(new double[][] {{-1, -2}, {1, 2}, {7, 7}}, x, "third row is not EEG");
  }

  @Test
  void flatChannelsAreDroppedBeforeTheCausalFilter() {
    double[][] x = noise(4, 128 * 60, 14);
    Arrays.fill(x[3], 2e-6);
    EegFeaturePipeline p =
        EegFeaturePipeline.builder()
            .channels("a", "b", "c", "d")
            .causal(true)
            .onDegenerateChannel(EegFeaturePipeline.DegenerateChannels.DROP)
            .build();
    EegFeaturePipeline three = p.toBuilder().channels("a", "b", "c").build();
    assertEquals(three.extract(Arrays.copyOf(x, 3), FS), p.extract(x, FS));
  }

  @Test
  void settingsCarryTheOption() {
    EegFeaturePipeline def = EegFeaturePipeline.defaults();
    assertFalse(def.causal());
    assertEquals(4, def.causalOrder());
    assertTrue(def.referenceIsCausal());
    assertTrue(def.toString().contains("bandPass=0.3-45.0 Hz zero-phase fir"), def.toString());
    EegFeaturePipeline c = def.toBuilder().causal(true).causalOrder(3).build();
    assertTrue(c.causal());
    assertEquals(3, c.causalOrder());
    assertTrue(
        c.toString().contains("bandPass=0.3-45.0 Hz causal butterworth order 3"), c.toString());
    assertEquals(c.toString(), c.toBuilder().build().toString());
    assertTrue(c.toBuilder().build().causal());
    assertFalse(c.toBuilder().causal(false).build().causal());
    assertNotEquals(c.toString(), c.toBuilder().causalOrder(4).build().toString());
    assertArrayEquals(CausalBandPass.butterworth(3, 0.3, 45, 256).sos(), c.causalFilter(256).sos());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> def.toBuilder().causalOrder(0));
    assertEquals("causalOrder must be in [1, 10], got 0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> c.toBuilder().channels("a", "b").noCrop().build().extract(noise(2, 800, 1), 80));
    assertTrue(
        e.getMessage().contains("Nyquist") && e.getMessage().contains("45.0"), e.getMessage());
  }

  @Test
  void realEdfGivesFiniteFeaturesWithTheDefaultWindowCount() throws IOException {
    Path edf = Path.of(System.getProperty("kd4j.data"), "edf-bdf", "S001R03.edf");
    BandPowerFeatures fir = EegFeaturePipeline.defaults().extract(edf);
    BandPowerFeatures iir = EegFeaturePipeline.builder().causal(true).build().extract(edf);
    assertEquals(fir.windows(), iir.windows());
    assertEquals(fir.width(), iir.width());
    for (int w = 0; w < iir.windows(); w++) {
      for (double v : iir.row(w)) {
        assertTrue(Double.isFinite(v) && v >= 0 && v <= 1, "relative power " + v);
      }
    }
  }
}
