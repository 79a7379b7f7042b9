package io.github.kd4j.eeg.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.distill.StepFeatures;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Raw file -> band power -> the student's trial and the distiller's paired trial, no glue. */
class BridgeTest {
  @Test
  void pipelineOutputBecomesTrials() throws Exception {
    BandPowerFeatures bp =
        EegFeaturePipeline.builder()
            .build()
            .extract(Path.of(System.getProperty("kd4j.data"), "edf-bdf", "S001R03.edf"));
    int t = bp.windows();
    float[] labels = new float[t];
    for (int i = 0; i < t; i++) {
      labels[i] = (float) Math.sin(0.1 * i);
    }
    Trial trial = bp.toTrial("S001R03", "S001", labels);
    assertEquals(t, trial.length());
    assertArrayEquals(bp.toFloats()[5], trial.featuresView()[5]);
    // a visual stream one step longer is trimmed (SPEC 2); three steps longer is an error
    PairedTrial p =
        bp.toPairedTrial("S001R03", "S001", labels, StepFeatures.of(new float[t + 1][3]));
    assertEquals(t, p.length());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                bp.toPairedTrial("S001R03", "S001", labels, StepFeatures.of(new float[t + 3][3])));
    assertTrue(e.getMessage().contains("trial S001R03"), e.getMessage());
  }
}
