package io.github.kd4j.eeg.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.TensorFile;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.io.Recording;
import io.github.kd4j.eeg.io.RecordingReader;
import io.github.kd4j.eeg.montage.Montage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end parity of {@link EegFeaturePipeline} with MNE 1.3 + scipy 1.10 on a real EDF file
 * (PhysioNet S001R03.edf, 64 channels at 160 Hz, 125 s); fixture from {@code
 * src/test/python/make_pipeline_fixtures.py}: read, pick the 32 BioSemi channels, crop(29,
 * times[-1] - 25) (or not), filter(0.3, 45), average reference, SPEC 3.4 band power.
 */
class PipelineParityTest {
  /**
   * Relative error allowed per stored band power. Both sides compute in double precision; the
   * differences come from the filter (FFT overlap-add vs MNE's FFT, ~1e-15 of the channel peak) and
   * the Welch FFTs, amplified by the small bands (gamma) relative to their own power; observed
   * 8.5e-15 (crop) and 4.0e-15 (no crop), the target is 1e-9.
   */
  static final double TOL = 1e-9;

  static TensorFile fx;
  static Path edf;

  @BeforeAll
  static void load() {
    fx = TensorFile.resource("/io/github/kd4j/eeg/pipeline/s001r03_pipeline.txt");
    edf = Path.of(System.getProperty("kd4j.data"), "edf-bdf", "S001R03.edf");
  }

  /** Max relative error of the stored windows; also checks the window count and width. */
  static double maxRelativeError(BandPowerFeatures f, String tag) {
    assertEquals((int) fx.get(tag + "_windows").scalar(), f.windows(), tag + " window count");
    assertEquals(192, f.width(), "band-major 6 x 32");
    TensorFile.Tensor idx = fx.get(tag + "_index");
    double[] expected = fx.get(tag + "_values").values();
    double worst = 0;
    for (int i = 0; i < idx.values().length; i++) {
      double[] row = f.row((int) idx.values()[i]);
      for (int j = 0; j < 192; j++) {
        double e = expected[i * 192 + j];
        worst = Math.max(worst, Math.abs(row[j] - e) / Math.abs(e));
      }
    }
    return worst;
  }

  @Test
  void defaultPipelineMatchesMneAndScipy() throws IOException {
    BandPowerFeatures f = EegFeaturePipeline.defaults().extract(edf);
    double err = maxRelativeError(f, "crop");
    System.out.println("pipeline vs MNE+scipy (crop [29, tmax-25]): max relative error " + err);
    assertTrue(err < TOL, "error " + err);
  }

  @Test
  void noCropMatchesMneAndScipy() throws IOException {
    BandPowerFeatures f = EegFeaturePipeline.builder().noCrop().build().extract(edf);
    double err = maxRelativeError(f, "nocrop");
    System.out.println("pipeline vs MNE+scipy (no crop): max relative error " + err);
    assertTrue(err < TOL, "error " + err);
  }

  @Test
  void inMemoryAndRecordingPathsGiveTheSameFeatures() throws IOException {
    EegFeaturePipeline p = EegFeaturePipeline.defaults();
    BandPowerFeatures fromFile = p.extract(edf);
    Recording all = RecordingReader.defaults().read(edf);
    assertEquals(64, all.channelCount());
    assertEquals(fromFile, p.extract(all), "extract(Recording) selects the 32 channels");
    Recording eeg = Montage.biosemi32().selectEeg(all);
    assertEquals(fromFile, p.extract(eeg.dataVolts(), eeg.samplingRate(0)));
  }
}
