package io.github.kd4j.eeg.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.TensorFile;
import io.github.kd4j.eeg.montage.Electrode;
import io.github.kd4j.eeg.montage.Montage;
import io.github.kd4j.eeg.saliency.FeatureLayout;
import io.github.kd4j.eeg.saliency.SaliencyBand;
import io.github.kd4j.eeg.saliency.SaliencyMap;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Renders figures to {@code target/} and checks sizes and pixels. */
class TopomapFigureTest {
  private static final Montage M = Montage.biosemi32();
  private static final FeatureLayout L = FeatureLayout.mahnobFeatures();
  private static final Path OUT = Path.of("target", "topomaps");

  /** A smooth map per band: a bump at a different electrode for each subject and band. */
  private static SaliencyMap subject(int s) {
    double[][] v = new double[32][4];
    for (int b = 0; b < 4; b++) {
      Electrode centre = M.electrodes().get((7 * s + 11 * b + 3) % 32);
      for (int k = 0; k < 32; k++) {
        Electrode e = M.electrodes().get(k);
        double d =
            Math.hypot(Math.hypot(e.x() - centre.x(), e.y() - centre.y()), e.z() - centre.z());
        v[k][b] =
            (0.4 + 0.2 * b) * Math.exp(-0.5 * Math.pow(d / 0.04, 2)) + 0.01 * ((k * 7 + s) % 5);
      }
    }
    return SaliencyMap.of(L, v).normalised();
  }

  private static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void gridOfThreeSubjectsAndTheOverallRow() throws IOException {
    List<SaliencyMap> subjects = List.of(subject(0), subject(1), subject(2));
    SaliencyMap overall = SaliencyMap.mean(subjects);
    TopomapFigure.Builder b =
        TopomapFigure.builder(M).title("Peak-response saliency (synthetic test maps)").range(0, 1);
    for (int s = 0; s < 3; s++) {
      b.row("P" + (s + 1), subjects.get(s));
    }
    b.row("overall", overall);
    TopomapFigure fig = b.build();
    Path file = OUT.resolve("saliency_grid.png");
    fig.writePng(file);
    BufferedImage img = ImageIO.read(file.toFile());
    assertEquals(fig.width(), img.getWidth());
    assertEquals(fig.height(), img.getHeight());
    assertEquals(110 + 4 * 150 + 100, img.getWidth());
    assertTrue(img.getHeight() >= 4 * 150, "height " + img.getHeight());
    assertEquals(0xffffff, img.getRGB(0, img.getHeight() - 1) & 0xffffff, "background");
    // electrode dots are black
    int[] cz = fig.pixelOf(1, 2, "Cz");
    assertEquals(0x000000, img.getRGB(cz[0], cz[1]) & 0xffffff, "Cz dot");

    // without dots, the pixel of each subject's maximum electrode has the top colour of the map,
    // and its minimum the bottom colour (values are min-max normalised over all bands)
    BufferedImage plain = b.sensors(false).build().render();
    for (int s = 0; s < 3; s++) {
      double[][] v = subjects.get(s).values();
      double[] flat = new double[128];
      for (int k = 0; k < 32; k++) {
        for (int band = 0; band < 4; band++) {
          flat[band * 32 + k] = v[k][band];
        }
      }
      int top = argmax(flat);
      int[] p = fig.pixelOf(s, top / 32, L.channels().get(top % 32));
      assertEquals(
          Viridis.level(255), plain.getRGB(p[0], p[1]) & 0xffffff, "subject " + s + " maximum");
      int[] q = fig.pixelOf(s, top / 32, "Cz");
      assertTrue((plain.getRGB(q[0], q[1]) & 0xffffff) != 0xffffff, "inside the head");
    }
    assertEquals(Viridis.level(255), fig.colourOf(1.0));
    assertEquals(Viridis.level(0), fig.colourOf(0.0));
  }

  @Test
  void referenceMapOfTheMneComparison() throws IOException {
    // docs/images/topomap_kd4j.png is this file; docs/images/topomap_mne.png is MNE's
    double[] values =
        TensorFile.resource("/io/github/kd4j/eeg/topo/topomap_mne.txt").get("values").values();
    double[][] v = new double[32][1];
    for (int k = 0; k < 32; k++) {
      v[k][0] = values[k];
    }
    FeatureLayout one =
        new FeatureLayout(M.channelNames(), List.of(SaliencyBand.unknownEdges("kd4j topomap")));
    TopomapFigure fig =
        TopomapFigure.builder(M)
            .row("fixed values", SaliencyMap.of(one, v))
            .mapSize(260)
            .colourBarLabel(null)
            .build();
    assertEquals(-0.4819, fig.rangeLow());
    assertEquals(1.0, fig.rangeHigh());
    Path file = OUT.resolve("topomap_kd4j.png");
    fig.writePng(file);
    BufferedImage img = ImageIO.read(file.toFile());
    // same hot and cold spots as the values: O2 (the maximum) top colour, T7 (the minimum) bottom
    BufferedImage plain =
        TopomapFigure.builder(M)
            .row("x", SaliencyMap.of(one, v))
            .mapSize(260)
            .sensors(false)
            .build()
            .render();
    int[] o2 = fig.pixelOf(0, 0, "O2");
    int[] t7 = fig.pixelOf(0, 0, "T7");
    assertEquals(Viridis.level(255), plain.getRGB(o2[0], o2[1]) & 0xffffff);
    assertEquals(Viridis.level(0), plain.getRGB(t7[0], t7[1]) & 0xffffff);
    assertTrue(Files.size(file) < 200_000, "size " + Files.size(file));
    assertEquals(fig.width(), img.getWidth());
  }

  @Test
  void specLayoutShowsSixBandsWithTheirHzRanges() throws IOException {
    double[][] v = new double[32][6];
    for (int k = 0; k < 32; k++) {
      for (int b = 0; b < 6; b++) {
        Electrode e = M.electrodes().get(k);
        v[k][b] = e.y() * (b - 2.5) + e.x() * b;
      }
    }
    SaliencyMap map = SaliencyMap.of(FeatureLayout.spec(), v).normalised();
    TopomapFigure fig =
        TopomapFigure.builder(M).row("P1", map).row("overall", map).mapSize(120).build();
    Path file = OUT.resolve("spec_layout.png");
    fig.writePng(file);
    BufferedImage img = ImageIO.read(file.toFile());
    assertEquals(110 + 6 * 120 + 100, img.getWidth());
    assertEquals(0.0, fig.rangeLow());
    assertEquals(1.0, fig.rangeHigh());
    assertTrue(fig.toString().contains("beta2 18-30 Hz"), fig.toString());
  }

  @Test
  void builderRejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> TopomapFigure.builder(M).build());
    IllegalArgumentException flat =
        assertThrows(
            IllegalArgumentException.class,
            () -> TopomapFigure.builder(M).row("a", SaliencyMap.of(L, new double[32][4])).build());
    assertTrue(flat.getMessage().contains("set range(low, high)"), flat.getMessage());
    IllegalArgumentException layouts =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TopomapFigure.builder(M)
                    .row("a", subject(0))
                    .row("b", SaliencyMap.of(FeatureLayout.spec(), new double[32][6]))
                    .build());
    assertTrue(layouts.getMessage().contains("in row 'b'"), layouts.getMessage());
    List<String> names = new ArrayList<>(M.channelNames());
    names.set(0, "Fpz");
    FeatureLayout other = new FeatureLayout(names, L.bands());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TopomapFigure.builder(M)
                    .row("a", SaliencyMap.of(other, subject(0).values()))
                    .build());
    assertTrue(missing.getMessage().contains("position for channel 'Fpz'"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TopomapFigure.builder(M).mapSize(10));
    assertThrows(IllegalArgumentException.class, () -> TopomapFigure.builder(M).range(1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> TopomapFigure.builder(M).row(" ", subject(0)));
  }
}
