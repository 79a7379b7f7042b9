package io.github.kd4j.vision.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameSequenceTest {
  static byte[][] frames(int count, int seed) {
    byte[][] f = new byte[count][FrameSequence.FRAME_BYTES];
    for (int n = 0; n < count; n++) {
      for (int i = 0; i < FrameSequence.FRAME_BYTES; i++) {
        f[n][i] = (byte) (seed * 31 + n * 17 + i * 7 + (i / 3) % 11);
      }
    }
    return f;
  }

  @Test
  void layoutIsHwcPerFrameInTimeOrder() {
    byte[][] f = frames(32, 1);
    FrameSequence s = FrameSequence.of("t1", f);
    assertEquals(32, s.frameCount());
    assertEquals(2, s.steps());
    assertEquals(16, s.framesPerStep());
    // frame 20, row 5, column 7, blue: byte (5 * 48 + 7) * 3 + 2 of frame 20
    assertEquals(f[20][(5 * 48 + 7) * 3 + 2] & 0xff, s.pixel(20, 5, 7, 2));
    assertArrayEquals(f[31], s.frame(31));
    f[0][0]++;
    assertEquals((f[0][0] - 1) & 0xff, s.pixel(0, 0, 0, 0), "the factory copies its input");
    byte[] packed = new byte[32 * FrameSequence.FRAME_BYTES];
    for (int n = 0; n < 32; n++) {
      System.arraycopy(f[n], 0, packed, n * FrameSequence.FRAME_BYTES, FrameSequence.FRAME_BYTES);
    }
    FrameSequence p = FrameSequence.ofPacked("t1", packed, 16);
    assertArrayEquals(f[7], p.frame(7));
  }

  @Test
  void frameCountNotAMultipleOfSixteenNamesTheTrial() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FrameSequence.of("trial-9", frames(33, 0)));
    assertTrue(e.getMessage().contains("trial-9"), e.getMessage());
    assertTrue(e.getMessage().contains("multiple of framesPerStep 16, got 33"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> FrameSequence.of("trial-0", new byte[0][]));
    assertTrue(e.getMessage().contains("trial-0") && e.getMessage().contains("got 0"));
    assertEquals(3, FrameSequence.of("x", frames(15, 0), 5).steps());
  }

  @Test
  void frameOfTheWrongSizeNamesTrialAndFrame() {
    byte[][] f = frames(16, 0);
    f[3] = new byte[40 * 40 * 3];
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FrameSequence.of("trial-4", f));
    assertTrue(
        e.getMessage().contains("frame 3 of trial trial-4")
            && e.getMessage().contains("got 4800 (40x40x3; resize frames to 48x48)"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FrameSequence.ofPacked(
                    "trial-5", new byte[FrameSequence.FRAME_BYTES * 16 + 1], 16));
    assertTrue(
        e.getMessage().contains("trial-5") && e.getMessage().contains("16 frames + 1 bytes"));
  }
}
