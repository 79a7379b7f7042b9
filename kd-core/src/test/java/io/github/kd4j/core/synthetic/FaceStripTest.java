package io.github.kd4j.core.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Writes {@code target/synthetic-faces.png}: for three subjects (rows), the frames at the lowest,
 * middle and highest latent valence of their first trial (columns), 4x enlarged, to look at.
 */
class FaceStripTest {
  @Test
  void writesAStripOfLowMidHighValenceFaces() throws IOException {
    SyntheticDataset d = SyntheticDataset.builder().subjects(3).trialsPerSubject(1).build();
    int s = d.frameSize();
    int zoom = 4;
    BufferedImage img = new BufferedImage(3 * s * zoom, 3 * s * zoom, BufferedImage.TYPE_INT_RGB);
    for (int row = 0; row < 3; row++) {
      SyntheticTrial t = d.trials().get(row);
      float[] v = t.latent();
      Integer[] order = new Integer[v.length];
      for (int i = 0; i < v.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Float.compare(v[a], v[b]));
      int[] steps = {order[0], order[v.length / 2], order[v.length - 1]};
      for (int col = 0; col < 3; col++) {
        byte[] f = t.frame(steps[col] * d.framesPerStep());
        for (int y = 0; y < s * zoom; y++) {
          for (int x = 0; x < s * zoom; x++) {
            int p = ((y / zoom) * s + x / zoom) * 3;
            int rgb = (f[p] & 0xff) << 16 | (f[p + 1] & 0xff) << 8 | (f[p + 2] & 0xff);
            img.setRGB(col * s * zoom + x, row * s * zoom + y, rgb);
          }
        }
      }
    }
    Path out = Path.of("target", "synthetic-faces.png");
    Files.createDirectories(out.getParent());
    assertTrue(ImageIO.write(img, "png", out.toFile()));
    BufferedImage back = ImageIO.read(out.toFile());
    assertEquals(img.getWidth(), back.getWidth());
    assertEquals(img.getRGB(100, 100), back.getRGB(100, 100));
  }
}
