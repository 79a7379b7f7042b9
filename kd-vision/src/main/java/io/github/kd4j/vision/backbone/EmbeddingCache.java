package io.github.kd4j.vision.backbone;

import io.github.kd4j.vision.frames.FrameSequence;
import io.github.kd4j.vision.frames.FrameTransform;
import io.github.kd4j.vision.frames.FrameView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Embeds transformed frames with a frozen {@link OnnxBackbone} once and keeps the embeddings in
 * memory, so that epochs and knowledge extraction do not run the backbone again.
 *
 * <p>Key: (trial id, frame index, crop x, crop y, flip), i.e. the trial id and the {@link
 * FrameView}. A frozen backbone maps each key to one embedding, so a cached value equals a fresh
 * run. Trial ids must therefore be unique among the sequences given to one cache.
 *
 * <p>Size: {@code 4 * D} bytes per entry plus about 100 bytes of map overhead. Evaluation views
 * give {@code T} entries per trial ({@code T} label steps; 2 kB each for {@code D = 512}). Training
 * can reach at most {@code 16 * 81 * 2 = 2592} views per step (frame, 9 x 9 crop offsets, flip)
 * with a 40x40 backbone, {@code 16 * 2} with a 48x48 one, but only the views drawn are computed:
 * about one per step per epoch, so {@code E} epochs add at most {@code E * T} entries per trial
 * (e.g. 30 epochs of a 100-step trial at D = 512: 6 MB). Use {@link #evict(String)} or {@link
 * #clear()} to bound it.
 *
 * <p>Thread safety: {@link #embed} is synchronized (one backbone run at a time through this cache).
 *
 * <pre>{@code
 * EmbeddingCache cache = new EmbeddingCache(backbone);
 * List<FrameView> v = cache.transform().trainViews(seq, first, 96, rng);
 * float[][] x = cache.embed(seq, v); // [96][D], the TCN input of this window
 * }</pre>
 */
public final class EmbeddingCache {
  private record Key(String trial, FrameView view) {}

  private final OnnxBackbone backbone;
  private final FrameTransform transform;
  private final Map<Key, float[]> entries = new HashMap<>();
  private long computed;

  /** A cache in front of {@code backbone}, with the transform matching its input size. */
  public EmbeddingCache(OnnxBackbone backbone) {
    this.backbone = Objects.requireNonNull(backbone, "backbone");
    this.transform = FrameTransform.forInputSize(backbone.inputSize());
  }

  /** The transform whose views this cache embeds ({@code backbone.inputSize()}). */
  public FrameTransform transform() {
    return transform;
  }

  /** The backbone. */
  public OnnxBackbone backbone() {
    return backbone;
  }

  /**
   * Embeddings {@code [views.size()][D]} of the views of {@code seq}, in the order of {@code
   * views}; views not yet cached are transformed and embedded in one batched backbone pass (each
   * distinct view once). The returned rows are copies.
   */
  public synchronized float[][] embed(FrameSequence seq, List<FrameView> views) {
    Objects.requireNonNull(seq, "seq");
    Objects.requireNonNull(views, "views");
    Map<Key, Integer> missing = new LinkedHashMap<>();
    List<FrameView> todo = new ArrayList<>();
    for (FrameView v : views) {
      Key k = new Key(seq.trialId(), Objects.requireNonNull(v, "view"));
      if (!entries.containsKey(k) && !missing.containsKey(k)) {
        missing.put(k, todo.size());
        todo.add(v);
      }
    }
    if (!todo.isEmpty()) {
      float[][] e = backbone.embed(transform.tensor(seq, todo), todo.size());
      for (Map.Entry<Key, Integer> m : missing.entrySet()) {
        entries.put(m.getKey(), e[m.getValue()]);
      }
      computed += todo.size();
    }
    float[][] out = new float[views.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = entries.get(new Key(seq.trialId(), views.get(i))).clone();
    }
    return out;
  }

  /** Embeddings {@code [T][D]} of every step of {@code seq} in evaluation mode. */
  public float[][] embedEval(FrameSequence seq) {
    return embed(seq, transform.evalViews(seq));
  }

  /** Number of cached embeddings. */
  public synchronized int size() {
    return entries.size();
  }

  /** Number of views embedded by the backbone so far (cache misses). */
  public synchronized long computedCount() {
    return computed;
  }

  /** Drops the embeddings of one trial. */
  public synchronized void evict(String trialId) {
    Objects.requireNonNull(trialId, "trialId");
    entries.keySet().removeIf(k -> k.trial().equals(trialId));
  }

  /** Drops every embedding. */
  public synchronized void clear() {
    entries.clear();
  }

  @Override
  public synchronized String toString() {
    return "EmbeddingCache{entries="
        + entries.size()
        + ", computed="
        + computed
        + ", "
        + backbone
        + "}";
  }
}
