package io.github.kd4j.vision.backbone;

import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.vision.frames.FrameSequence;
import io.github.kd4j.vision.frames.FrameTransform;
import io.github.kd4j.vision.frames.FrameView;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);
  private static final byte[] MAGIC = "KD4JEMB1".getBytes(StandardCharsets.US_ASCII);

  private record Key(String trial, FrameView view) {}

  private final OnnxBackbone backbone;
  private final FrameTransform transform;
  private final Path folder;
  private final Map<Key, float[]> entries = new HashMap<>();
  private final Map<String, String> seen = new HashMap<>(); // trial id -> content hash
  private final Set<String> dirty = new HashSet<>();
  private long computed;

  /** A memory-only cache in front of {@code backbone}, with the transform of its input size. */
  public EmbeddingCache(OnnxBackbone backbone) {
    this.backbone = Objects.requireNonNull(backbone, "backbone");
    this.transform = FrameTransform.forInputSize(backbone.inputSize());
    this.folder = null;
  }

  /** A cache that also keeps one file per trial in {@code folder} (created when missing). */
  public EmbeddingCache(OnnxBackbone backbone, Path folder) {
    this.backbone = Objects.requireNonNull(backbone, "backbone");
    this.transform = FrameTransform.forInputSize(backbone.inputSize());
    this.folder = Objects.requireNonNull(folder, "folder");
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
    admit(seq);
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
      dirty.add(seq.trialId());
    }
    float[][] out = new float[views.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = entries.get(new Key(seq.trialId(), views.get(i))).clone();
    }
    return out;
  }

  /**
   * First sight of a trial: checks that the id is not reused for other frames, and loads its disk
   * file when there is one.
   */
  private void admit(FrameSequence seq) {
    String id = seq.trialId();
    String before = seen.get(id);
    if (before != null) {
      if (!before.equals(seq.contentHash())) {
        throw new IllegalArgumentException(
            "trial id "
                + id
                + " must name the same frames in one cache, got other frames (content hash "
                + seq.contentHash().substring(0, 12)
                + " vs "
                + before.substring(0, 12)
                + "); use unique trial ids or evict the old trial first");
      }
      return;
    }
    seen.put(id, seq.contentHash());
    if (folder != null) {
      load(seq);
    }
  }

  private void load(FrameSequence seq) {
    Path file = file(seq.trialId());
    int d = backbone.embeddingWidth();
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      byte[] magic = in.readNBytes(MAGIC.length);
      String model = in.readUTF();
      String content = in.readUTF();
      int width = in.readInt();
      if (!Arrays.equals(magic, MAGIC)
          || !model.equals(backbone.modelHash())
          || !content.equals(seq.contentHash())
          || width != d) {
        LOG.debug(
            "embedding cache file {} belongs to another backbone or other frames; ignored", file);
        return;
      }
      int count = in.readInt();
      Map<Key, float[]> read = new HashMap<>();
      for (int i = 0; i < count; i++) {
        FrameView v = new FrameView(in.readInt(), in.readByte(), in.readByte(), in.readByte() != 0);
        float[] e = new float[d];
        for (int k = 0; k < d; k++) {
          e[k] = in.readFloat();
        }
        read.put(new Key(seq.trialId(), v), e);
      }
      entries.putAll(read);
    } catch (NoSuchFileException e) {
      // nothing cached yet
    } catch (IOException | RuntimeException e) {
      LOG.warn("embedding cache file {} is unreadable, ignored: {}", file, e.toString());
    }
  }

  /**
   * Writes the trials with new embeddings to the disk folder, one file each, atomically; does
   * nothing for a memory-only cache.
   *
   * @throws UncheckedIOException naming the file when it cannot be written
   */
  public synchronized void flush() {
    if (folder == null) {
      return;
    }
    int d = backbone.embeddingWidth();
    for (String id : new ArrayList<>(dirty)) {
      List<Map.Entry<Key, float[]>> mine = new ArrayList<>();
      for (Map.Entry<Key, float[]> e : entries.entrySet()) {
        if (e.getKey().trial().equals(id)) {
          mine.add(e);
        }
      }
      Path file = file(id);
      try {
        AtomicFiles.write(
            file,
            raw -> {
              DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
              out.write(MAGIC);
              out.writeUTF(backbone.modelHash());
              out.writeUTF(seen.get(id));
              out.writeInt(d);
              out.writeInt(mine.size());
              for (Map.Entry<Key, float[]> e : mine) {
                FrameView v = e.getKey().view();
                out.writeInt(v.frame());
                out.writeByte(v.cropX());
                out.writeByte(v.cropY());
                out.writeByte(v.flip() ? 1 : 0);
                for (float f : e.getValue()) {
                  out.writeFloat(f);
                }
              }
              out.flush();
            });
      } catch (IOException e) {
        throw new UncheckedIOException("embedding cache file " + file + " could not be written", e);
      }
      dirty.remove(id);
    }
  }

  /** The disk file of a trial (see the class javadoc). */
  Path file(String trialId) {
    String safe = trialId.replaceAll("[^A-Za-z0-9._-]", "_");
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(trialId.getBytes(StandardCharsets.UTF_8));
      return folder.resolve(safe + "-" + HexFormat.of().formatHex(h).substring(0, 12) + ".kd4jemb");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 must be available in every JDK", e);
    }
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
    seen.remove(trialId);
    dirty.remove(trialId);
  }

  /** Drops every embedding held in memory (disk files stay). */
  public synchronized void clear() {
    entries.clear();
    seen.clear();
    dirty.clear();
  }

  @Override
  public synchronized String toString() {
    return "EmbeddingCache{entries="
        + entries.size()
        + ", computed="
        + computed
        + ", disk="
        + (folder == null ? "none" : folder)
        + ", "
        + backbone
        + "}";
  }
}
