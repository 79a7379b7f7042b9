package io.github.kd4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.bandpower.FrequencyBands;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kd4j features} against {@link EegFeaturePipeline} run directly with the same options. */
class FeaturesCommandTest {
  static final Path EDF = Cli.DATA.resolve("edf-bdf/S001R03.edf");

  @Test
  void defaultPipelineCsvHoldsTheLibraryFeatures(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("f.csv");
    Cli.Result r = Cli.run("features", EDF.toString(), "-o", csv.toString());
    assertEquals(0, r.code(), r.err());
    BandPowerFeatures expected = EegFeaturePipeline.defaults().extract(EDF);
    FeatureCsv f = FeatureCsv.read(csv);
    assertEquals(expected.windows(), f.values().length);
    assertEquals(192, f.columns().size());
    assertEquals("delta_Fp1", f.columns().get(0));
    assertEquals("gamma_O2", f.columns().get(191));
    float[][] x = expected.toFloats();
    for (int t = 0; t < x.length; t++) {
      assertArrayEquals(x[t], f.values()[t], "row " + t);
      assertEquals(t * 0.25, f.times()[t], 1e-12);
    }
    assertTrue(r.out().contains(expected.windows() + " windows x 192 features"), r.out());
  }

  @Test
  void optionsReachThePipeline(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("g.csv");
    Cli.Result r =
        Cli.run(
            "features",
            EDF.toString(),
            "-o",
            csv.toString(),
            "--no-crop",
            "--bands",
            "alpha,beta1,low:1:3",
            "--absolute",
            "--channels",
            "Cz,Pz,Oz",
            "--window",
            "4",
            "--hop",
            "1",
            "--band-pass",
            "0.5,40",
            "--no-reference");
    assertEquals(0, r.code(), r.err());
    EegFeaturePipeline p =
        EegFeaturePipeline.builder()
            .noCrop()
            .bands(
                List.of(
                    FrequencyBands.ALPHA,
                    FrequencyBands.BETA1,
                    new io.github.kd4j.eeg.bandpower.FrequencyBand("low", 1, 3)))
            .relative(false)
            .channels("Cz", "Pz", "Oz")
            .window(4)
            .hop(1)
            .bandPass(0.5, 40)
            .averageReference(false)
            .build();
    float[][] x = p.extract(EDF).toFloats();
    FeatureCsv f = FeatureCsv.read(csv);
    assertEquals(
        List.of("alpha_Cz", "alpha_Pz", "alpha_Oz", "beta1_Cz"), f.columns().subList(0, 4));
    assertEquals(9, f.columns().size());
    assertEquals(x.length, f.values().length);
    for (int t = 0; t < x.length; t++) {
      assertArrayEquals(x[t], f.values()[t], "row " + t);
      assertEquals(t * 1.0, f.times()[t], 1e-12);
    }
  }

  @Test
  void causalFeaturesAreTheCausalPipelines(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("c.csv");
    Cli.Result r = Cli.run("features", EDF.toString(), "-o", csv.toString(), "--causal");
    assertEquals(0, r.code(), r.err());
    float[][] causal = EegFeaturePipeline.builder().causal(true).build().extract(EDF).toFloats();
    float[][] fir = EegFeaturePipeline.defaults().extract(EDF).toFloats();
    FeatureCsv f = FeatureCsv.read(csv);
    assertEquals(causal.length, f.values().length);
    for (int t = 0; t < causal.length; t++) {
      assertArrayEquals(causal[t], f.values()[t], "row " + t);
    }
    assertTrue(!java.util.Arrays.equals(fir[100], causal[100]), "the causal filter changes rows");
  }

  @Test
  void badInputIsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
    Cli.Result missing = Cli.run("features", dir.resolve("nope.edf").toString());
    assertEquals(2, missing.code());
    assertTrue(
        missing.err().startsWith("kd4j: ") && missing.err().contains("nope.edf"), missing.err());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());

    Path notEdf = dir.resolve("x.edf");
    Files.writeString(notEdf, "not a recording");
    Cli.Result bad = Cli.run("features", notEdf.toString(), "-o", dir.resolve("o.csv").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("x.edf"), bad.err());
    assertFalse(Files.exists(dir.resolve("o.csv")));

    Cli.Result band = Cli.run("features", EDF.toString(), "--bands", "alfa");
    assertEquals(2, band.code());
    assertTrue(band.err().contains("alfa") && band.err().contains("alpha"), band.err());

    Cli.Result crop = Cli.run("features", EDF.toString(), "--crop", "1,2,3");
    assertEquals(2, crop.code());
    assertTrue(crop.err().contains("--crop"), crop.err());

    assertEquals(2, Cli.run("features", "--no-such-option", EDF.toString()).code());
  }
}
