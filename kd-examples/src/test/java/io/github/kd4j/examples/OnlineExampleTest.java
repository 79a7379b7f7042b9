package io.github.kd4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.eeg.io.Recording;
import io.github.kd4j.eeg.io.RecordingReader;
import io.github.kd4j.eeg.montage.Montage;
import io.github.kd4j.eeg.online.OnlineValence;
import io.github.kd4j.eeg.online.OnlineValenceEstimator;
import io.github.kd4j.examples.cli.StreamCommandTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's online example on the real 160 Hz EDF file, fed in 16-sample blocks. */
class OnlineExampleTest {
  @Test
  void emitsFourValuesPerSecondFromAmplifierBlocks(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("student.kd4j");
    StreamCommandTest.tinyStudent(5).save(file);
    Recording rec =
        RecordingReader.builder()
            .channels(Montage.biosemi32().channelNames())
            .build()
            .read(Path.of(System.getProperty("kd4j.data"), "edf-bdf", "S001R03.edf"))
            .select(Montage.biosemi32().channelNames());
    double[][] volts = rec.dataVolts();
    List<OnlineValence> ui = new ArrayList<>();
    try (OnlineValenceEstimator est = OnlineExample.start(file, 160, ui::add)) {
      for (int at = 0; at + 16 <= 1600; at += 16) { // the first 10 s
        float[][] block = new float[32][16];
        for (int c = 0; c < 32; c++) {
          for (int i = 0; i < 16; i++) {
            block[c][i] = (float) volts[c][at + i];
          }
        }
        OnlineExample.onBlock(est, block);
      }
    }
    // windows of 2 s, hop 0.25 s: values at 2.0, 2.25, ..., 10.0 s
    assertEquals(33, ui.size());
    assertEquals(2.0, ui.get(0).time(), 1e-12);
    assertEquals(10.0, ui.get(32).time(), 1e-12);
    assertTrue(ui.stream().allMatch(v -> Float.isFinite(v.valence())));
  }
}
