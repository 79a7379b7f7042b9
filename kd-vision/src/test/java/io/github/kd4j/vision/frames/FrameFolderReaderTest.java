package io.github.kd4j.vision.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameFolderReaderTest {
  @TempDir Path dir;

  static BufferedImage rgb(byte[] hwc, int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int p = (y * size + x) * 3;
        img.setRGB(x, y, (hwc[p] & 0xff) << 16 | (hwc[p + 1] & 0xff) << 8 | (hwc[p + 2] & 0xff));
      }
    }
    return img;
  }

  /** PNG is lossless: the frames read back bit-exact, in natural file-name order. */
  @Test
  void pngFolderRoundTripsInNaturalOrder() throws IOException {
    Path trial = Files.createDirectory(dir.resolve("trial-12"));
    byte[][] frames = FrameSequenceTest.frames(16, 5);
    for (int n = 0; n < 16; n++) {
      ImageIO.write(rgb(frames[n], 48), "png", trial.resolve("frame_" + n + ".png").toFile());
    }
    Files.writeString(trial.resolve("notes.txt"), "ignored");
    FrameSequence s = FrameFolderReader.read(trial);
    assertEquals("trial-12", s.trialId());
    assertEquals(16, s.frameCount());
    for (int n = 0; n < 16; n++) {
      assertArrayEquals(frames[n], s.frame(n), "frame " + n + " (file frame_" + n + ".png)");
    }
  }

  @Test
  void naturalOrder() {
    List<String> names =
        new ArrayList<>(List.of("f10.png", "f2.png", "f1.png", "f01.png", "g1.png", "f1a.png"));
    names.sort(io.github.kd4j.core.internal.NaturalOrder.INSTANCE);
    assertEquals(List.of("f01.png", "f1.png", "f1a.png", "f2.png", "f10.png", "g1.png"), names);
  }

  @Test
  void greyAndJpegImagesAreRead() throws IOException {
    Path trial = Files.createDirectory(dir.resolve("g"));
    for (int n = 0; n < 2; n++) {
      BufferedImage g = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 48; y++) {
        for (int x = 0; x < 48; x++) {
          g.getRaster().setSample(x, y, 0, (x * 5 + y) & 0xff);
        }
      }
      ImageIO.write(g, "png", trial.resolve(n + ".png").toFile());
      ImageIO.write(
          rgb(FrameSequenceTest.frames(1, n)[0], 48), "jpg", trial.resolve(n + ".jpeg").toFile());
    }
    FrameSequence s = FrameFolderReader.read(trial, "g", 2);
    assertEquals(4, s.frameCount());
    // "0.jpeg" sorts before "0.png"; frame 1 is the grey 0.png
    assertEquals(7 * 5 + 3, s.pixel(1, 3, 7, 0));
    assertEquals(7 * 5 + 3, s.pixel(1, 3, 7, 2));
  }

  @Test
  void imageOfTheWrongSizeNamesTheFile() throws IOException {
    Path trial = Files.createDirectory(dir.resolve("t"));
    for (int n = 0; n < 16; n++) {
      int size = n == 9 ? 40 : 48;
      ImageIO.write(
          rgb(new byte[size * size * 3], size), "png", trial.resolve(n + ".png").toFile());
    }
    FrameFormatException e =
        assertThrows(FrameFormatException.class, () -> FrameFolderReader.read(trial));
    assertTrue(
        e.getMessage().contains(trial.resolve("9.png").toString())
            && e.getMessage().contains("must be 48x48 pixels, got 40x40"),
        e.getMessage());
  }

  @Test
  void countNotAMultipleOfSixteenNamesFolderAndTrial() throws IOException {
    Path trial = Files.createDirectory(dir.resolve("short"));
    for (int n = 0; n < 17; n++) {
      ImageIO.write(rgb(new byte[48 * 48 * 3], 48), "png", trial.resolve(n + ".png").toFile());
    }
    FrameFormatException e =
        assertThrows(FrameFormatException.class, () -> FrameFolderReader.read(trial));
    assertTrue(
        e.getMessage().contains(trial.toString())
            && e.getMessage().contains("trial short")
            && e.getMessage().contains("got 17 (last: 16.png)"),
        e.getMessage());
  }

  @Test
  void undecodableImageNamesTheFile() throws IOException {
    Path trial = Files.createDirectory(dir.resolve("bad"));
    Files.write(trial.resolve("0.png"), new byte[] {1, 2, 3});
    FrameFormatException e =
        assertThrows(FrameFormatException.class, () -> FrameFolderReader.read(trial, "bad", 1));
    assertTrue(e.getMessage().contains(trial.resolve("0.png").toString()), e.getMessage());
    assertThrows(FrameFormatException.class, () -> FrameFolderReader.read(dir.resolve("missing")));
  }
}
