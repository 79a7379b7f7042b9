package io.github.kd4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README example's first step on a real 64-channel EEG recording. */
class QuickstartTest {
  @Test
  void extractsBandPowerFromARealRecording() throws Exception {
    float[][] f =
        Quickstart.features(Path.of(System.getProperty("kd4j.data"), "edf-bdf", "S001R03.edf"));
    // 125 s at 160 Hz, cropped to [29 s, 100 s] (SPEC 3.1): 276 windows of 6 bands x 32 channels
    assertEquals(276, f.length);
    assertEquals(192, f[0].length);
  }
}
