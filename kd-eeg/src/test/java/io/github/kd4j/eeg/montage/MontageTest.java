package io.github.kd4j.eeg.montage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.eeg.io.Recording;
import io.github.kd4j.eeg.io.RecordingReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MontageTest {
  private static final List<String> SPEC3 =
      List.of(
          ("Fp1 AF3 F3 F7 FC5 FC1 C3 T7 CP5 CP1 P3 P7 PO3 O1 Oz Pz Fp2 AF4 Fz F4 F8 FC6 FC2 Cz C4"
                  + " T8 CP6 CP2 P4 P8 PO4 O2")
              .split(" "));

  private static Path data(String name) {
    return Path.of(System.getProperty("kd4j.data"), "edf-bdf", name);
  }

  @Test
  void biosemi32HasTheSpecOrder() {
    assertEquals(SPEC3, Montage.biosemi32().channelNames());
    assertEquals(32, Montage.biosemi32().size());
  }

  @Test
  void positionsAreAnatomicallyPlausible() {
    Map<String, Electrode> e =
        Montage.biosemi32().electrodes().stream()
            .collect(Collectors.toMap(Electrode::name, Function.identity()));
    // midline electrodes: x = 0 within 1 cm in 3-D and on the 2-D map
    for (String m : List.of("Fz", "Cz", "Pz", "Oz")) {
      assertEquals(0, e.get(m).x(), 0.01, m);
      assertEquals(0, e.get(m).topoX(), 0.01, m);
    }
    // front to back along the midline
    assertTrue(e.get("Fz").topoY() > e.get("Cz").topoY());
    assertTrue(e.get("Cz").topoY() > e.get("Pz").topoY());
    assertTrue(e.get("Pz").topoY() > e.get("Oz").topoY());
    // Cz is near the vertex: near the centre of the map
    assertEquals(0, Math.hypot(e.get("Cz").topoX(), e.get("Cz").topoY()), 0.02);
    // left/right pairs mirror each other within 1 cm
    String[][] pairs = {{"Fp1", "Fp2"}, {"C3", "C4"}, {"T7", "T8"}, {"O1", "O2"}, {"PO3", "PO4"}};
    for (String[] p : pairs) {
      Electrode l = e.get(p[0]);
      Electrode r = e.get(p[1]);
      assertTrue(l.x() < 0 && r.x() > 0, p[0] + " left, " + p[1] + " right");
      assertEquals(-l.topoX(), r.topoX(), 0.01, p[0] + "/" + p[1]);
      assertEquals(l.topoY(), r.topoY(), 0.01, p[0] + "/" + p[1]);
    }
    // projection: |topo| = r * theta / (pi/2), with r, theta of (x, y, z); the head-frame origin
    // lies between the ears, below the centre of the scalp sphere, so r is 6 to 15 cm
    for (Electrode el : e.values()) {
      double r = Math.sqrt(el.x() * el.x() + el.y() * el.y() + el.z() * el.z());
      double theta = Math.acos(el.z() / r);
      assertEquals(r * theta / (Math.PI / 2), Math.hypot(el.topoX(), el.topoY()), 1e-12, el.name());
      assertTrue(r > 0.06 && r < 0.15, el.name() + " at " + r + " m from the origin");
    }
  }

  @Test
  void selectEegPicksByNameIgnoringDotsAndCase() throws IOException {
    Recording s001 = RecordingReader.defaults().read(data("S001R03.edf"));
    Recording eeg = Montage.biosemi32().selectEeg(s001);
    assertEquals(32, eeg.channelCount());
    assertEquals("Fp1.", eeg.channelLabels().get(0));
    assertEquals("Fc5.", eeg.channelLabels().get(4));
    assertEquals("Cz..", eeg.channelLabels().get(23));
    assertArrayEquals(s001.data(s001.indexOf("Cz..")), eeg.data(23));
    Recording bdf = RecordingReader.defaults().read(data("test.bdf"));
    assertEquals(SPEC3, Montage.biosemi32().selectEeg(bdf).channelLabels());
  }

  @Test
  void selectEegListsTheMissingChannels() throws IOException {
    Recording stim = RecordingReader.defaults().read(data("test_bdf_stim_channel.bdf"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Montage.biosemi32().selectEeg(stim));
    assertTrue(
        e.getMessage()
            .startsWith(
                "test_bdf_stim_channel.bdf must have every BioSemi 32 channel, got 29 missing:"
                    + " Fp1, AF3, F3, F7, FC5, FC1, T7,"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("(its channels: C3, C4, Cz)"), e.getMessage());
  }
}
