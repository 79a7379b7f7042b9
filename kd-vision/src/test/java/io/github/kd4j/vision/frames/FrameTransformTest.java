package io.github.kd4j.vision.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.kd4j.core.testing.TensorFile;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameTransformTest {
  static final String FIXTURE = "/io/github/kd4j/vision/backbone/tiny_backbone.txt";

  /** The fixture's two frames, padded to one step of 16 (frames 2..15 zero). */
  static FrameSequence fixtureFrames(TensorFile f) {
    double[] v = f.get("frames").values();
    byte[] packed = new byte[16 * FrameSequence.FRAME_BYTES];
    for (int i = 0; i < v.length; i++) {
      packed[i] = (byte) (int) v[i];
    }
    return FrameSequence.ofPacked("fixture", packed, 16);
  }

  static List<FrameView> fixtureViews(TensorFile f) {
    double[] v = f.get("views").values();
    List<FrameView> views = new ArrayList<>();
    for (int i = 0; i < v.length; i += 4) {
      views.add(new FrameView((int) v[i], (int) v[i + 1], (int) v[i + 2], v[i + 3] != 0));
    }
    return views;
  }

  /** Crop and flip against numpy slicing (crops40, full48 of the PyTorch fixture): bit-exact. */
  @Test
  void cropFlipAndNormalisationMatchNumpy() {
    TensorFile f = TensorFile.resource(FIXTURE);
    FrameSequence seq = fixtureFrames(f);
    float[] x40 = FrameTransform.forInputSize(40).tensor(seq, fixtureViews(f));
    double[] u40 = f.get("crops40").values();
    assertEquals(u40.length, x40.length);
    for (int i = 0; i < u40.length; i++) {
      float want = ((float) u40[i] / 255f - 0.5f) / 0.5f;
      assertEquals(want, x40[i], 0.0f, "crops40 index " + i);
    }
    List<FrameView> full = List.of(new FrameView(0, 0, 0, false), new FrameView(1, 0, 0, true));
    float[] x48 = FrameTransform.forInputSize(48).tensor(seq, full);
    double[] u48 = f.get("full48").values();
    for (int i = 0; i < u48.length; i++) {
      assertEquals(((float) u48[i] / 255f - 0.5f) / 0.5f, x48[i], 0.0f, "full48 index " + i);
    }
  }

  @Test
  void normalisationEndpoints() {
    assertEquals(-1f, FrameTransform.normalise(0));
    assertEquals(1f, FrameTransform.normalise(255));
    assertEquals(((float) 128 / 255f - 0.5f) / 0.5f, FrameTransform.normalise(128));
  }

  @Test
  void evalTakesFrameZeroCentreCropNoFlip() {
    FrameSequence seq = FrameSequence.of("e", FrameSequenceTest.frames(64, 3));
    List<FrameView> v = FrameTransform.forInputSize(40).evalViews(seq, 1, 3);
    assertEquals(
        List.of(
            new FrameView(16, 4, 4, false),
            new FrameView(32, 4, 4, false),
            new FrameView(48, 4, 4, false)),
        v);
    assertEquals(
        new FrameView(0, 0, 0, false), FrameTransform.forInputSize(48).evalViews(seq).get(0));
    List<FrameView> all = FrameTransform.forInputSize(40).allFrameViews(seq);
    assertEquals(64, all.size());
    for (int f = 0; f < 64; f++) {
      assertEquals(new FrameView(f, 4, 4, false), all.get(f));
    }
  }

  /** Training views against a replay of the documented draw order (the oracle). */
  @Test
  void trainViewsFollowTheDocumentedDrawOrder() {
    FrameSequence seq = FrameSequence.of("tr", FrameSequenceTest.frames(16 * 10, 0));
    for (int size : new int[] {40, 48}) {
      List<FrameView> v =
          FrameTransform.forInputSize(size).trainViews(seq, 2, 5, new SplittableRandom(7));
      SplittableRandom r = new SplittableRandom(7);
      int[] n = new int[5];
      for (int s = 0; s < 5; s++) {
        n[s] = r.nextInt(16);
      }
      int x = size == 40 ? r.nextInt(9) : 0;
      int y = size == 40 ? r.nextInt(9) : 0;
      boolean flip = r.nextBoolean();
      for (int s = 0; s < 5; s++) {
        assertEquals(new FrameView((2 + s) * 16 + n[s], x, y, flip), v.get(s), "size " + size);
      }
    }
  }

  @Test
  void sameSeedSameViewsDifferentSeedDifferentViews() {
    FrameSequence seq = FrameSequence.of("tr", FrameSequenceTest.frames(16 * 20, 0));
    FrameTransform t = FrameTransform.forInputSize(40);
    assertEquals(
        t.trainViews(seq, 0, 20, new SplittableRandom(1)),
        t.trainViews(seq, 0, 20, new SplittableRandom(1)));
    assertNotEquals(
        t.trainViews(seq, 0, 20, new SplittableRandom(1)),
        t.trainViews(seq, 0, 20, new SplittableRandom(2)));
  }

  /** Every frame of its group, one crop and flip per window, offsets in [0, 8]. */
  @Test
  void trainViewsStayInTheirGroupsAndShareCropAndFlip() {
    FrameSequence seq = FrameSequence.of("p", FrameSequenceTest.frames(16 * 12, 0));
    FrameTransform t = FrameTransform.forInputSize(40);
    qt().withExamples(300)
        .forAll(integers().between(0, 11), integers().between(0, 1000), longs().all())
        .checkAssert(
            (first, raw, seed) -> {
              int steps = 1 + raw % (12 - first);
              List<FrameView> v = t.trainViews(seq, first, steps, new SplittableRandom(seed));
              assertEquals(steps, v.size());
              for (int s = 0; s < steps; s++) {
                FrameView w = v.get(s);
                assertEquals(first + s, w.frame() / 16);
                assertTrue(w.cropX() >= 0 && w.cropX() <= 8 && w.cropY() >= 0 && w.cropY() <= 8);
                assertEquals(v.get(0).cropX(), w.cropX());
                assertEquals(v.get(0).cropY(), w.cropY());
                assertEquals(v.get(0).flip(), w.flip());
              }
            });
  }

  @Test
  void badArgumentsNameTrialAndValue() {
    FrameSequence seq = FrameSequence.of("trial-3", FrameSequenceTest.frames(32, 0));
    FrameTransform t = FrameTransform.forInputSize(40);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.evalViews(seq, 1, 2));
    assertTrue(
        e.getMessage().contains("trial-3") && e.getMessage().contains("firstStep 1, steps 2"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> t.tensor(seq, List.of(new FrameView(0, 9, 0, false))));
    assertTrue(e.getMessage().contains("trial-3") && e.getMessage().contains("cropX=9"));
    e = assertThrows(IllegalArgumentException.class, () -> FrameTransform.forInputSize(32));
    assertTrue(e.getMessage().contains("got 32"));
  }
}
