package io.github.kd4j.vision.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.vision.frames.FrameSequence;
import io.github.kd4j.vision.frames.FrameTransform;
import io.github.kd4j.vision.frames.FrameView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {
  @TempDir Path dir;

  static FrameSequence frames(String trial, int steps, int seed) {
    byte[] p = new byte[steps * 16 * FrameSequence.FRAME_BYTES];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) r.nextInt(256);
    }
    return FrameSequence.ofPacked(trial, p, 16);
  }

  /** Each distinct (trial, view) is embedded once; cached rows equal a direct backbone run. */
  @Test
  void embedsEachDistinctViewOnce() throws IOException {
    try (OnnxBackbone b = OnnxBackbone.load(OnnxBackboneTest.resource("tiny_backbone_40.onnx"))) {
      EmbeddingCache cache = new EmbeddingCache(b);
      FrameSequence a = frames("a", 6, 1);
      FrameSequence c = frames("c", 6, 1); // same pixels, other trial: separate entries
      float[][] eval = cache.embedEval(a);
      assertEquals(6, cache.size());
      assertEquals(6, cache.computedCount());
      cache.embedEval(a);
      assertEquals(6, cache.computedCount(), "second eval pass is served from the cache");
      cache.embedEval(c);
      assertEquals(12, cache.size());

      FrameTransform t = cache.transform();
      List<FrameView> views = new ArrayList<>(t.trainViews(a, 0, 6, new SplittableRandom(3)));
      views.add(views.get(0)); // a duplicate within one call
      views.add(t.evalViews(a).get(2)); // already cached
      long before = cache.computedCount();
      float[][] got = cache.embed(a, views);
      long distinctNew = views.stream().distinct().filter(v -> !t.evalViews(a).contains(v)).count();
      assertEquals(before + distinctNew, cache.computedCount());

      float[][] direct = b.embed(t.tensor(a, views), views.size());
      for (int i = 0; i < views.size(); i++) {
        assertArrayEquals(direct[i], got[i], 1e-6f, "view " + views.get(i));
      }
      float[][] directEval = b.embed(t.tensor(a, t.evalViews(a)), 6);
      for (int i = 0; i < 6; i++) {
        assertArrayEquals(directEval[i], eval[i], 1e-6f, "eval step " + i);
      }
      got[0][0] = Float.NaN;
      assertEquals(direct[0][0], cache.embed(a, views.subList(0, 1))[0][0], 1e-6f, "copies");
      int sizeBefore = cache.size();
      cache.evict("c");
      assertEquals(sizeBefore - 6, cache.size(), "evict drops the 6 entries of trial c");
      cache.clear();
      assertEquals(0, cache.size());
    }
  }

  /**
   * A second cache on the same folder reads what the first flushed and runs the backbone for
   * nothing else.
   */
  @Test
  void diskFilesAreReusedAndInvalidatedByOtherFrames() throws IOException {
    try (OnnxBackbone b = OnnxBackbone.load(OnnxBackboneTest.resource("tiny_backbone_40.onnx"))) {
      FrameSequence a = frames("trial/1", 5, 4);
      EmbeddingCache first = new EmbeddingCache(b, dir);
      List<FrameView> train = first.transform().trainViews(a, 0, 5, new SplittableRandom(8));
      float[][] eval = first.embedEval(a);
      float[][] tr = first.embed(a, train);
      assertEquals(0, Files.list(dir).count(), "embed never writes");
      first.flush();
      List<Path> files = Files.list(dir).toList();
      assertEquals(List.of(first.file("trial/1")), files, "one file per trial, no temporary left");
      assertTrue(files.get(0).getFileName().toString().startsWith("trial_1-"));

      EmbeddingCache second = new EmbeddingCache(b, dir);
      float[][] eval2 = second.embedEval(a);
      float[][] tr2 = second.embed(a, train);
      assertEquals(0, second.computedCount(), "everything came from the file");
      for (int i = 0; i < 5; i++) {
        assertArrayEquals(eval[i], eval2[i], 0f);
        assertArrayEquals(tr[i], tr2[i], 0f);
      }

      FrameSequence changed = frames("trial/1", 5, 5); // same id, other frames
      EmbeddingCache third = new EmbeddingCache(b, dir);
      third.embedEval(changed);
      assertEquals(5, third.computedCount(), "a file of other frames is ignored");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> third.embedEval(a));
      assertTrue(
          e.getMessage().contains("trial id trial/1 must name the same frames"), e.getMessage());

      Files.write(first.file("trial/1"), new byte[] {1, 2, 3});
      EmbeddingCache fourth = new EmbeddingCache(b, dir);
      fourth.embedEval(a);
      assertEquals(5, fourth.computedCount(), "an unreadable file is ignored");
      fourth.flush();
      EmbeddingCache fifth = new EmbeddingCache(b, dir);
      fifth.embedEval(a);
      assertEquals(0, fifth.computedCount(), "the flush replaced the unreadable file");
    }
  }
}
