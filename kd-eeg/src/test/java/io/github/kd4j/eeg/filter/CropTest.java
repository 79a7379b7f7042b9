package io.github.kd4j.eeg.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CropTest {
  static double[][] ramp(int channels, int n) {
    double[][] x = new double[channels][n];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < n; i++) {
        x[c][i] = 1000 * c + i;
      }
    }
    return x;
  }

  @Test
  void tmaxIsInclusive() {
    double[][] y = Crop.seconds(ramp(2, 3000), 256, 1.0, 2.0);
    assertEquals(257, y[0].length);
    assertEquals(256, y[0][0]);
    assertEquals(512, y[0][256]);
    assertEquals(1256, y[1][0]);
  }

  @Test
  void mahnobKeeps29sToTmaxMinus25s() {
    int n = 256 * 100; // tmax = 25599/256 s
    double[][] y = Crop.mahnob(ramp(1, n), 256);
    // first = rint(29*256) = 7424, last = rint((25599/256 - 25) * 256) = 25599 - 6400 = 19199
    assertEquals(7424, y[0][0]);
    assertEquals(19199, y[0][y[0].length - 1]);
    assertEquals(19199 - 7424 + 1, y[0].length);
  }

  @Test
  void roundingFollowsPythonRoundHalfEven() {
    // tmin * fs = 2.5 -> 2 (half to even), tmax * fs = 3.5 -> 4
    assertArrayEquals(new int[] {2, 4}, Crop.sampleRange(10, 1.0, 2.5, 3.5));
  }

  @Test
  void badIntervalsNameTheirValues() {
    var e1 =
        assertThrows(IllegalArgumentException.class, () -> Crop.seconds(ramp(1, 100), 10, 0, 10));
    assertTrue(e1.getMessage().contains("tmax must be <= the last sample's time"));
    assertTrue(e1.getMessage().contains("9.9 s") && e1.getMessage().contains("got 10.0"));
    var e2 =
        assertThrows(IllegalArgumentException.class, () -> Crop.seconds(ramp(1, 100), 10, -1, 5));
    assertEquals("tmin must be a finite number >= 0 s, got -1.0", e2.getMessage());
    var e3 =
        assertThrows(IllegalArgumentException.class, () -> Crop.mahnob(ramp(1, 256 * 50), 256));
    assertTrue(e3.getMessage().contains("longer than startOffset + endOffset = 54.0 s"));
  }
}
