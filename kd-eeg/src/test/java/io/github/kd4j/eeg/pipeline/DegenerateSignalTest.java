package io.github.kd4j.eeg.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.eeg.bandpower.BandPowerExtractor;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.filter.AverageReference;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline.DegenerateChannels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Degenerate signals (docs/design.md, "Nothing silently wrong: input files and signals"): flat,
 * all-zero and constant (DC) channels, an all-zero recording, a single channel under the average
 * reference, channels the reference empties, flat windows and overflowing scales. Each is an error
 * naming the channel (and window), or, with {@code onDegenerateChannel(DROP)}, the same features as
 * a pipeline that never had the channel; never a NaN or infinite feature.
 */
class DegenerateSignalTest {
  private static final double FS = 256;
  private static final int N = 256 * 12;

  /** White noise of about 20 µV rms, one row per channel. */
  private static double[][] noise(int channels, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[channels][N];
    for (double[] row : x) {
      for (int t = 0; t < N; t++) {
        row[t] = 20e-6 * (r.nextDouble() * 2 - 1) * Math.sqrt(3);
      }
    }
    return x;
  }

  private static EegFeaturePipeline.Builder abcd() {
    return EegFeaturePipeline.builder().channels("A", "B", "C", "D").noCrop();
  }

  private static void assertAllFinite(BandPowerFeatures f) {
    for (double[] row : f.values()) {
      for (double v : row) {
        assertTrue(Double.isFinite(v), "feature " + v);
      }
    }
  }

  @Test
  void zeroChannelIsNamed() {
    double[][] x = noise(4, 1);
    x[1] = new double[N];
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> abcd().build().extract(x, FS));
    assertEquals(
        "in-memory signal: every channel must carry a signal (peak-to-peak above 1.0E-6 of the"
            + " largest channel's), got flat channels: B (all zero); leave them out with"
            + " channels(...) or onDegenerateChannel(DROP)",
        e.getMessage());
  }

  @Test
  void dcChannelIsNamedAndNotTurnedIntoRoundingResidue() {
    double[][] x = noise(4, 2);
    java.util.Arrays.fill(x[2], 35e-3); // a 35 mV electrode offset and nothing else
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> abcd().build().extract(x, FS));
    assertTrue(e.getMessage().contains("flat channels: C (constant 0.035 V)"), e.getMessage());
    // without the average reference as well: the check is on the input, not on the features
    assertThrows(
        IllegalArgumentException.class,
        () -> abcd().averageReference(false).build().extract(x, FS));
  }

  @Test
  void nearlyFlatChannelRelativeToTheRecordingIsFlat() {
    double[][] x = noise(4, 3);
    for (int t = 0; t < N; t++) {
      x[3][t] = 1e-6 * x[0][t]; // 120 dB below its neighbours: not above the tolerance
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> abcd().build().extract(x, FS));
    assertTrue(e.getMessage().contains("flat channels: D (peak-to-peak "), e.getMessage());
    for (int t = 0; t < N; t++) {
      x[3][t] = 1e-5 * x[0][t]; // 100 dB below: a (weak) signal, kept
    }
    assertAllFinite(abcd().build().extract(x, FS));
  }

  @Test
  void allZeroRecordingIsAnError() {
    double[][] x = new double[4][N];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> abcd().onDegenerateChannel(DegenerateChannels.DROP).build().extract(x, FS));
    assertEquals(
        "in-memory signal: every channel must carry a signal (peak-to-peak above 1.0E-6 of the"
            + " largest channel's), got only flat channels: A (all zero), B (all zero), C (all"
            + " zero), D (all zero)",
        e.getMessage());
  }

  @Test
  void dropGivesTheFeaturesOfThePipelineWithoutTheChannel() {
    double[][] x = noise(4, 4);
    x[1] = new double[N];
    java.util.Arrays.fill(x[3], -2e-3);
    BandPowerFeatures dropped =
        abcd().onDegenerateChannel(DegenerateChannels.DROP).build().extract(x, FS);
    // oracle: the same pipeline configured with only the live channels
    BandPowerFeatures without =
        EegFeaturePipeline.builder()
            .channels("A", "C")
            .noCrop()
            .build()
            .extract(new double[][] {x[0], x[2]}, FS);
    assertEquals(2, dropped.channels());
    assertEquals(6 * 2, dropped.width());
    assertArrayEquals(without.values(), dropped.values());
    assertAllFinite(dropped);
  }

  @Test
  void dropThatLeavesOneChannelUnderTheReferenceIsAnError() {
    double[][] x = noise(4, 5);
    x[0] = new double[N];
    x[1] = new double[N];
    x[2] = new double[N];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> abcd().onDegenerateChannel(DegenerateChannels.DROP).build().extract(x, FS));
    assertTrue(
        e.getMessage()
            .startsWith(
                "in-memory signal: the average reference needs at least 2 channels with a signal,"
                    + " got 1 (D)"),
        e.getMessage());
  }

  @Test
  void singleChannelUnderTheAverageReferenceIsRefusedAtBuild() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EegFeaturePipeline.builder().channels("Cz").build());
    assertEquals(
        "the average reference needs at least 2 channels (with 1 it is all zeros), got [Cz]; add"
            + " channels or use averageReference(false)",
        e.getMessage());
    EegFeaturePipeline one =
        EegFeaturePipeline.builder().channels("Cz").noCrop().averageReference(false).build();
    assertAllFinite(one.extract(new double[][] {noise(1, 6)[0]}, FS));
    assertThrows(IllegalArgumentException.class, () -> AverageReference.apply(noise(3, 7), 1));
    assertThrows(
        IllegalArgumentException.class, () -> AverageReference.apply(new double[][] {{1, 2}}));
  }

  @Test
  void channelsTheReferenceEmptiesAreNamed() {
    // every channel is the same signal plus a constant: the average reference removes it all
    double[][] base = noise(1, 8);
    double[][] x = new double[3][];
    for (int c = 0; c < 3; c++) {
      x[c] = base[0].clone();
      for (int t = 0; t < N; t++) {
        x[c][t] += c * 1e-3;
      }
    }
    EegFeaturePipeline p = EegFeaturePipeline.builder().channels("A", "B", "C").noCrop().build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> p.extract(x, FS));
    assertEquals(
        "in-memory signal: the average reference must leave a signal in every channel, got none"
            + " left in A B C (channels identical up to a constant offset); use"
            + " averageReference(false) or other channels",
        e.getMessage());
  }

  @Test
  void flatWindowOfRelativePowerNamesChannelAndWindow() {
    BandPowerExtractor bp = BandPowerExtractor.builder().build(); // 512-sample windows, hop 64
    double[][] x = noise(2, 9);
    // channel 1 drops out (exact zeros) from sample 2000 on; the first window wholly inside the
    // gap starts at the first multiple of 64 >= 2000, i.e. 2048: window 32
    for (int t = 2000; t < N; t++) {
      x[1][t] = 0;
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bp.extract(x));
    assertTrue(
        e.getMessage()
            .startsWith(
                "channel 1 must vary within every window for relative band power, got a flat"
                    + " window 32 (samples 2048..2559: peak-to-peak 0.0 at level 0.0"),
        e.getMessage());
    // absolute power of the same data is defined (zero in the gap) and finite
    BandPowerFeatures abs = bp.toBuilder().relative(false).build().extract(x);
    assertAllFinite(abs);
    assertEquals(0.0, abs.value(32, 2, 1));
  }

  @Test
  void constantWindowWithOffsetIsFlatNotRoundingResidue() {
    BandPowerExtractor bp = BandPowerExtractor.builder().build();
    double[][] x = noise(2, 10);
    java.util.Arrays.fill(x[0], 0.1234567);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bp.extract(x));
    assertTrue(e.getMessage().startsWith("channel 0 must vary"), e.getMessage());
  }

  @Test
  void overflowingScaleIsAnErrorNotInfinity() {
    BandPowerExtractor bp = BandPowerExtractor.builder().relative(false).build();
    double[][] x = noise(2, 11);
    for (int t = 0; t < N; t++) {
      x[1][t] *= 1e160; // squares of 1e155 overflow
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bp.extract(x));
    assertTrue(
        e.getMessage().startsWith("band power must be finite, got Infinity for channel 1, band"),
        e.getMessage());
    IllegalArgumentException r =
        assertThrows(
            IllegalArgumentException.class, () -> bp.toBuilder().relative(true).build().extract(x));
    assertTrue(r.getMessage().contains("for channel 1"), r.getMessage());
  }
}
