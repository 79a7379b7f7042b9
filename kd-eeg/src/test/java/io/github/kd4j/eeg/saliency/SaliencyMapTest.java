package io.github.kd4j.eeg.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.kd4j.eeg.montage.Montage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SaliencyMapTest {
  /** Sums of at most a few hundred floats in double: rounding far below this. */
  private static final double TOL = 1e-12;

  private static final FeatureLayout MAHNOB = FeatureLayout.mahnobFeatures();

  static float[][] randomGradient(long seed, int steps, int width) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] g = new float[steps][width];
    for (float[] row : g) {
      for (int c = 0; c < width; c++) {
        row[c] = (float) (rnd.nextDouble() * 2 - 1);
      }
    }
    return g;
  }

  @Test
  void layoutsAreBandMajor() {
    assertEquals(128, MAHNOB.width());
    assertEquals(192, FeatureLayout.spec().width());
    assertEquals(Montage.biosemi32().channelNames(), MAHNOB.channels());
    assertEquals(
        List.of("band 1 (theta?)", "band 2 (alpha?)", "band 3 (beta?)", "band 4 (gamma?)"),
        MAHNOB.bands().stream().map(SaliencyBand::display).toList());
    assertEquals("beta2 18-30 Hz", FeatureLayout.spec().bands().get(4).display());
    // SPEC 12: column c = 32 b + k; SPEC 3.5: [delta ch1..ch32, theta ch1..ch32, ...]
    assertEquals(32 * 2 + 5, MAHNOB.column(5, 2));
    assertEquals(32 * 5 + 31, FeatureLayout.spec().column(31, 5));
    assertEquals(0, FeatureLayout.spec().column(0, 0));
  }

  @Test
  void fromGradientAveragesEachColumnOverTime() {
    float[][] g = randomGradient(7, 23, 128);
    SaliencyMap m = SaliencyMap.fromGradient(MAHNOB, g);
    // naive oracle: column c of the gradient is band c / 32, channel c % 32
    for (int c = 0; c < 128; c++) {
      double sum = 0;
      for (float[] row : g) {
        sum += row[c];
      }
      assertEquals(sum / 23, m.value(c % 32, c / 32), TOL, "column " + c);
    }
    assertEquals(m.value(3, 1), m.value("F7", "band 2 (alpha?)"));
  }

  @Test
  void meanIsElementWise() {
    SaliencyMap a = SaliencyMap.fromGradient(MAHNOB, randomGradient(1, 5, 128));
    SaliencyMap b = SaliencyMap.fromGradient(MAHNOB, randomGradient(2, 9, 128));
    SaliencyMap c = SaliencyMap.fromGradient(MAHNOB, randomGradient(3, 2, 128));
    SaliencyMap m = SaliencyMap.mean(List.of(a, b, c));
    for (int k = 0; k < 32; k++) {
      for (int band = 0; band < 4; band++) {
        double expected = (a.value(k, band) + b.value(k, band) + c.value(k, band)) / 3;
        assertEquals(expected, m.value(k, band), TOL);
      }
    }
  }

  @Test
  void normalisationIsJointOverTheWholeMatrixNotPerBand() {
    // band 0 spans [0, 1], band 1 spans [10, 20]: jointly, band 0 stays near 0
    FeatureLayout l =
        new FeatureLayout(
            List.of("a", "b", "c"),
            List.of(new SaliencyBand("lo", 1, 2), new SaliencyBand("hi", 2, 3)));
    SaliencyMap m = SaliencyMap.of(l, new double[][] {{0, 10}, {0.5, 15}, {1, 20}});
    SaliencyMap n = m.normalised();
    assertEquals(0, n.value(0, 0), TOL);
    assertEquals(0.5 / 20, n.value(1, 0), TOL);
    assertEquals(1 / 20.0, n.value(2, 0), TOL);
    assertEquals(10 / 20.0, n.value(0, 1), TOL);
    assertEquals(1, n.value(2, 1), TOL);
  }

  @Test
  void normalisedSpansZeroToOneAndIgnoresPositiveAffineChanges() {
    qt().forAll(longs().all(), doubles().between(0.01, 100), doubles().between(-50, 50))
        .checkAssert(
            (seed, scale, shift) -> {
              float[][] g = randomGradient(seed, 4, 128);
              SaliencyMap m = SaliencyMap.fromGradient(MAHNOB, g);
              double[][] v = m.values();
              for (double[] r : v) {
                for (int b = 0; b < r.length; b++) {
                  r[b] = scale * r[b] + shift;
                }
              }
              SaliencyMap n = m.normalised();
              SaliencyMap n2 = SaliencyMap.of(MAHNOB, v).normalised();
              assertEquals(0, n.min());
              assertEquals(1, n.max());
              for (int k = 0; k < 32; k++) {
                for (int b = 0; b < 4; b++) {
                  assertEquals(n.value(k, b), n2.value(k, b), 1e-9);
                }
              }
            });
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    IllegalArgumentException width =
        assertThrows(
            IllegalArgumentException.class,
            () -> SaliencyMap.fromGradient(MAHNOB, new float[3][192]));
    assertTrue(
        width.getMessage().contains("must be 128 (32 channels x 4 bands, band-major), got 192"),
        width.getMessage());
    float[][] g = new float[2][128];
    g[1][32 * 3 + 7] = Float.NaN;
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> SaliencyMap.fromGradient(MAHNOB, g));
    assertTrue(
        nan.getMessage().contains("NaN at step 1, channel T7, band band 4 (gamma?)"),
        nan.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> SaliencyMap.fromGradient(MAHNOB, new float[0][]));
    IllegalArgumentException flat =
        assertThrows(
            IllegalArgumentException.class,
            () -> SaliencyMap.fromGradient(MAHNOB, new float[4][128]).normalised());
    assertTrue(flat.getMessage().contains("zero range"), flat.getMessage());
    double[][] v = new double[32][4];
    v[2][1] = Double.POSITIVE_INFINITY;
    IllegalArgumentException inf =
        assertThrows(IllegalArgumentException.class, () -> SaliencyMap.of(MAHNOB, v));
    assertTrue(inf.getMessage().contains("channel F3, band band 2 (alpha?)"), inf.getMessage());
    IllegalArgumentException layouts =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SaliencyMap.mean(
                    List.of(
                        SaliencyMap.fromGradient(MAHNOB, new float[1][128]),
                        SaliencyMap.fromGradient(FeatureLayout.spec(), new float[1][192]))));
    assertTrue(layouts.getMessage().contains("one layout"), layouts.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SaliencyBand.unknownEdges("a,b"));
    assertThrows(IllegalArgumentException.class, () -> new SaliencyBand("x", 4, Double.NaN));
    IllegalArgumentException channel =
        assertThrows(IllegalArgumentException.class, () -> MAHNOB.channelIndex("Cz.."));
    assertTrue(channel.getMessage().contains("got 'Cz..'"), channel.getMessage());
  }

  @Test
  void equalMapsAreEqualAndPrintTheirShape() {
    float[][] g = randomGradient(11, 3, 128);
    assertEquals(SaliencyMap.fromGradient(MAHNOB, g), SaliencyMap.fromGradient(MAHNOB, g));
    assertTrue(
        SaliencyMap.fromGradient(MAHNOB, g).toString().startsWith("SaliencyMap[32 channels x ["),
        SaliencyMap.fromGradient(MAHNOB, g).toString());
  }
}
