package io.github.kd4j.eeg.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.eeg.bandpower.BandPowerExtractor;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.bandpower.FrequencyBands;
import io.github.kd4j.eeg.filter.AverageReference;
import io.github.kd4j.eeg.filter.Crop;
import io.github.kd4j.eeg.filter.FirBandPass;
import io.github.kd4j.eeg.io.Recording;
import io.github.kd4j.eeg.io.RecordingReader;
import io.github.kd4j.eeg.montage.Montage;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Settings, stage composition and error messages of {@link EegFeaturePipeline}. */
class EegFeaturePipelineTest {
  static Path data(String name) {
    return Path.of(System.getProperty("kd4j.data"), "edf-bdf", name);
  }

  static double[][] noise(int channels, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] x = new double[channels][n];
    for (double[] row : x) {
      for (int i = 0; i < n; i++) {
        row[i] = 1e-5 * rnd.nextGaussian();
      }
    }
    return x;
  }

  @Test
  void defaultsAreSpec3() {
    EegFeaturePipeline p = EegFeaturePipeline.defaults();
    assertEquals(Montage.biosemi32().channelNames(), p.channels());
    assertTrue(p.crop());
    assertEquals(29.0, p.cropStart());
    assertEquals(25.0, p.cropEnd());
    assertEquals(0.3, p.lowCut());
    assertEquals(45.0, p.highCut());
    assertTrue(p.averageReference());
    assertEquals(2.0, p.window());
    assertEquals(0.25, p.hop());
    assertEquals(1.0, p.segment());
    assertEquals(FrequencyBands.DEFAULT, p.bands());
    assertTrue(p.relative());
    String s = p.toString();
    for (String part :
        List.of(
            "Fp1 AF3",
            "PO4 O2",
            "crop=[29.0 s, t_max - 25.0 s]",
            "bandPass=0.3-45.0 Hz",
            "averageReference=true",
            "window=2.0 s",
            "hop=0.25 s",
            "segment=1.0 s",
            "gamma",
            "relative=true")) {
      assertTrue(s.contains(part), part + " in " + s);
    }
    assertTrue(p.toBuilder().noCrop().build().toString().contains("crop=none"));
  }

  @Test
  void toBuilderKeepsEverySetting() {
    EegFeaturePipeline p =
        EegFeaturePipeline.builder()
            .channels("C3", "Cz", "C4")
            .crop(1, 2)
            .bandPass(1, 40)
            .averageReference(false)
            .window(4)
            .hop(0.5)
            .segment(2)
            .bands(List.of(FrequencyBands.ALPHA))
            .relative(false)
            .build();
    assertEquals(p.toString(), p.toBuilder().build().toString());
    assertNotEquals(p.toString(), p.toBuilder().crop(1, 3).build().toString());
    assertFalse(p.toBuilder().noCrop().build().crop());
  }

  /** The in-memory path is exactly crop, then filter, then reference, then band power. */
  @Test
  void composesTheStagesInSpecOrder() {
    double fs = 128;
    double[][] x = noise(4, 128 * 60, 7);
    EegFeaturePipeline p = EegFeaturePipeline.builder().channels("a", "b", "c", "d").build();
    double[][] cropped = Crop.trimEnds(x, fs, 29, 25);
    double[][] filtered =
        FirBandPass.builder().samplingRate(fs).lowCut(0.3).highCut(45).build().apply(cropped);
    BandPowerFeatures expected =
        BandPowerExtractor.builder()
            .samplingRate(fs)
            .build()
            .extract(AverageReference.apply(filtered));
    assertEquals(expected, p.extract(x, fs));
    // 60 s at 128 Hz: samples 29*128 .. rint((7679/128 - 25)*128) = 3712..4479 -> 768 samples
    assertEquals(768, cropped[0].length);
    assertEquals((768 - 256 - 1) / 32 + 1, p.extract(x, fs).windows());

    BandPowerFeatures noRef =
        p.toBuilder().averageReference(false).noCrop().relative(false).build().extract(x, fs);
    BandPowerFeatures expectedNoRef =
        BandPowerExtractor.builder()
            .samplingRate(fs)
            .relative(false)
            .build()
            .extract(
                FirBandPass.builder().samplingRate(fs).lowCut(0.3).highCut(45).build().apply(x));
    assertEquals(expectedNoRef, noRef);
  }

  @Test
  void builderRejectsBadValues() {
    EegFeaturePipeline.Builder b = EegFeaturePipeline.builder();
    assertEquals(
        "window must be a finite number > 0 s, got -2.0",
        assertThrows(IllegalArgumentException.class, () -> b.window(-2)).getMessage());
    assertEquals(
        "crop startOffset must be a finite number >= 0 s, got -1.0",
        assertThrows(IllegalArgumentException.class, () -> b.crop(-1, 25)).getMessage());
    assertEquals(
        "crop endOffset must be a finite number >= 0 s, got NaN",
        assertThrows(IllegalArgumentException.class, () -> b.crop(29, Double.NaN)).getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> b.channels("Cz", "Cz"))
            .getMessage()
            .contains("channels must be distinct, got 'Cz' twice"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> b.channels(List.of()))
            .getMessage()
            .startsWith("channels must hold at least 1 name"));
    assertEquals(
        "lowCut must be < highCut, got 40.0 Hz >= 1.0 Hz",
        assertThrows(
                IllegalArgumentException.class,
                () -> EegFeaturePipeline.builder().bandPass(40, 1).build())
            .getMessage());
    assertEquals(
        "hop (3.0 s) must not exceed window (2.0 s)",
        assertThrows(
                IllegalArgumentException.class, () -> EegFeaturePipeline.builder().hop(3).build())
            .getMessage());
  }

  @Test
  void sampleRateMismatchNamesTheChannels() {
    EegFeaturePipeline p =
        EegFeaturePipeline.builder().channels("3Hz +5/-5 V", "0.2Hz Blk 1/0uV").build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> p.extract(data("test_uneven_samp.edf")));
    assertEquals(
        "test_uneven_samp.edf: selected channels must share one sampling rate, got 2 rates"
            + " (100.0 Hz: 3Hz +5/-5 V; 12.8 Hz: 0.2Hz Blk 1/0uV); select channels of one rate"
            + " with channels(...)",
        e.getMessage());
  }

  @Test
  void missingChannelNamesFileAndChannel() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EegFeaturePipeline.defaults().extract(data("test_bdf_stim_channel.bdf")));
    assertTrue(e.getMessage().contains("test_bdf_stim_channel.bdf"), e.getMessage());
    assertTrue(e.getMessage().contains("Fp1"), e.getMessage());
  }

  @Test
  void tooShortRecordingsAreErrors() {
    // one channel: the average reference would zero it (refused by build(), see
    // DegenerateSignalTest), so it is off here
    EegFeaturePipeline p =
        EegFeaturePipeline.builder().channels("a").averageReference(false).build();
    IllegalArgumentException crop =
        assertThrows(IllegalArgumentException.class, () -> p.extract(noise(1, 256 * 50, 1), 256));
    assertTrue(crop.getMessage().startsWith("in-memory signal: recording must be longer than"));
    assertTrue(crop.getMessage().endsWith("use noCrop() or smaller crop offsets"));
    // 29 s + 2 s window + 25 s: 56 s (14337 samples) is the shortest that gives a window
    IllegalArgumentException window =
        assertThrows(IllegalArgumentException.class, () -> p.extract(noise(1, 14336, 1), 256));
    assertEquals(
        "in-memory signal: the cropped signal must have more than 512 samples (one 2.0 s window at"
            + " 256.0 Hz) to give a band-power window, got 512 of 14336 (crop [29.0 s, t_max - 25.0"
            + " s]); use a longer recording or smaller crop offsets",
        window.getMessage());
    assertEquals(1, p.extract(noise(1, 14337, 1), 256).windows());
  }

  @Test
  void inMemoryInputIsChecked() {
    EegFeaturePipeline p = EegFeaturePipeline.builder().channels("a", "b").noCrop().build();
    assertEquals(
        "volts must have one row per pipeline channel (2: a b), got 3 rows",
        assertThrows(IllegalArgumentException.class, () -> p.extract(noise(3, 1000, 1), 256))
            .getMessage());
    double[][] ragged = {new double[1000], new double[999]};
    assertEquals(
        "in-memory signal: every channel must have 1000 samples like channel 0 (a), got 999 for"
            + " channel 1 (b)",
        assertThrows(IllegalArgumentException.class, () -> p.extract(ragged, 256)).getMessage());
    double[][] nan = noise(2, 1000, 1);
    nan[1][17] = Double.NaN;
    String m = assertThrows(IllegalArgumentException.class, () -> p.extract(nan, 256)).getMessage();
    assertTrue(m.startsWith("in-memory signal: "), m);
    assertTrue(m.contains("17"), m);
    assertEquals(
        "samplingRate must be a finite number > 0 Hz, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> p.extract(noise(2, 1000, 1), 0))
            .getMessage());
  }

  /** A BioSemi BDF (64 EEG + 8 EXG + Status, 2048 Hz, 1 s): the 32 SPEC channels are picked. */
  @Test
  void readsBdfAndSelectsTheBiosemi32Channels() throws java.io.IOException {
    EegFeaturePipeline p =
        EegFeaturePipeline.builder().noCrop().window(0.5).hop(0.125).segment(0.25).build();
    BandPowerFeatures f = p.extract(data("test.bdf"));
    // 2048 samples, window 1024, hop 256: windows while 256 k + 1024 < 2048 -> k = 0..3
    assertEquals(4, f.windows());
    assertEquals(192, f.width());
    Recording r = Montage.biosemi32().selectEeg(RecordingReader.defaults().read(data("test.bdf")));
    assertEquals(Montage.biosemi32().channelNames(), r.channelLabels());
    assertEquals(f, p.extract(r.dataVolts(), 2048));
  }
}
