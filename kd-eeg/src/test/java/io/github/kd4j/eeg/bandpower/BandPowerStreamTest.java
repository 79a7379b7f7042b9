package io.github.kd4j.eeg.bandpower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link BandPowerStream} against {@link BandPowerExtractor#extract} on the same signal. */
class BandPowerStreamTest {
  static final double TOL = 1e-12;

  /** Pushes {@code x} in blocks of random sizes in [1, maxBlock]; returns the emitted rows. */
  static List<double[]> stream(
      BandPowerExtractor bp, double[][] x, int maxBlock, long seed, List<Boolean> flags) {
    BandPowerStream s = bp.newStream(x.length);
    List<double[]> rows = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(seed);
    int n = x[0].length;
    int at = 0;
    while (at < n) {
      int len = Math.min(n - at, 1 + r.nextInt(maxBlock));
      // a copy of just this block, as an amplifier would deliver it
      double[][] block = new double[x.length][len];
      for (int c = 0; c < x.length; c++) {
        System.arraycopy(x[c], at, block[c], 0, len);
      }
      s.push(
          block,
          0,
          len,
          (k, row, flat) -> {
            assertEquals(rows.size(), k);
            rows.add(row.clone());
            flags.add(flat);
          });
      at += len;
    }
    assertEquals(n, s.samples());
    return rows;
  }

  static void assertSameRows(BandPowerFeatures offline, List<double[]> rows, int n, int w, int h) {
    int expected = n >= w ? (n - w) / h + 1 : 0;
    assertEquals(expected, rows.size(), "streamed windows");
    assertTrue(offline.windows() == expected || offline.windows() == expected - 1);
    for (int k = 0; k < offline.windows(); k++) {
      double[] a = offline.row(k);
      double[] b = rows.get(k);
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], TOL * Math.max(1, Math.abs(a[i])), "window " + k + " col " + i);
      }
    }
  }

  @Test
  void anyBlockSplitGivesTheOfflineRows() {
    qt().withExamples(40)
        .forAll(
            integers().between(1, 4),
            integers().between(500, 2600),
            integers().between(1, 10_000),
            longs().all())
        .checkAssert(
            (channels, n, maxBlock, seed) -> {
              double[][] x = BandPowerPropertiesTest.noisySignal(seed, channels, n, 1e-5);
              for (BandPowerExtractor bp :
                  new BandPowerExtractor[] {
                    BandPowerPropertiesTest.RELATIVE, BandPowerPropertiesTest.ABSOLUTE
                  }) {
                List<Boolean> flags = new ArrayList<>();
                List<double[]> rows = stream(bp, x, maxBlock, seed, flags);
                assertSameRows(bp.extract(x), rows, n, 512, 64);
                assertFalse(flags.contains(true));
              }
            });
  }

  @Test
  void otherGeometriesToo() {
    // hop not dividing the segment step, odd segment, another rate
    BandPowerExtractor bp =
        BandPowerExtractor.builder()
            .samplingRate(100)
            .window(1.5)
            .hop(0.3)
            .segment(0.55)
            .bands(List.of(new FrequencyBand("a", 2, 10), new FrequencyBand("b", 10, 40)))
            .build();
    qt().withExamples(20)
        .forAll(integers().between(150, 900), integers().between(1, 300), longs().all())
        .checkAssert(
            (n, maxBlock, seed) -> {
              double[][] x = BandPowerPropertiesTest.noisySignal(seed, 2, n, 1.0);
              List<double[]> rows = stream(bp, x, maxBlock, seed, new ArrayList<>());
              assertSameRows(bp.extract(x), rows, n, 150, 30);
            });
  }

  @Test
  void flatWindowIsReportedNotThrown() {
    double[][] x = BandPowerPropertiesTest.noisySignal(3, 2, 1200, 1.0);
    java.util.Arrays.fill(x[1], 0, 600, 0.25); // channel 1 constant in windows 0..1
    assertThrows(IllegalArgumentException.class, () -> BandPowerPropertiesTest.RELATIVE.extract(x));
    List<Boolean> flags = new ArrayList<>();
    stream(BandPowerPropertiesTest.RELATIVE, x, 100, 1, flags);
    // windows k cover [64k, 64k + 512): flat while 64k + 512 <= 600
    assertEquals(List.of(true, true), flags.subList(0, 2));
    assertFalse(flags.subList(2, flags.size()).contains(true));
  }

  @Test
  void rejectsBadBlocksWithoutChangingState() {
    BandPowerStream s = BandPowerPropertiesTest.RELATIVE.newStream(2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.push(new double[3][4], 0, 4, (k, row, flat) -> {}));
    assertTrue(e.getMessage().contains("2 channels, got 3"), e.getMessage());
    double[][] nan = new double[2][4];
    nan[1][2] = Double.NaN;
    e = assertThrows(IllegalArgumentException.class, () -> s.push(nan, 0, 4, (k, row, flat) -> {}));
    assertTrue(e.getMessage().contains("channel 1, sample 2"), e.getMessage());
    assertEquals(0, s.samples());
  }
}
