package io.github.kd4j.core.train;

import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.core.nn.Adam;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to continue training after the last completed epoch, written atomically after
 * every epoch. Random streams are derived from (seed, epoch), so they need no saved state.
 */
record Checkpoint(
    String fingerprint,
    int epoch,
    float[] params,
    float[] bestParams,
    Adam.State adam,
    double best,
    int bestEpoch,
    int epochsWithoutImprovement,
    double plateauBest,
    int plateauBad,
    List<EpochReport> history) {

  static final String FILE = "checkpoint.kd4j";
  private static final int MAGIC = 0x4b44344a; // "KD4J"
  private static final int VERSION = 1;

  void write(Path dir) throws IOException {
    AtomicFiles.write(
        dir.resolve(FILE),
        os -> {
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
          out.writeInt(MAGIC);
          out.writeInt(VERSION);
          out.writeUTF(fingerprint);
          out.writeInt(epoch);
          writeFloats(out, params);
          writeFloats(out, bestParams);
          out.writeLong(adam.step());
          out.writeDouble(adam.learningRate());
          writeFloats(out, adam.m());
          writeFloats(out, adam.v());
          out.writeDouble(best);
          out.writeInt(bestEpoch);
          out.writeInt(epochsWithoutImprovement);
          out.writeDouble(plateauBest);
          out.writeInt(plateauBad);
          out.writeInt(history.size());
          for (EpochReport r : history) {
            out.writeInt(r.epoch());
            out.writeDouble(r.trainLoss());
            out.writeDouble(r.trainCcc());
            out.writeDouble(r.validationCcc());
            out.writeDouble(r.learningRate());
            out.writeBoolean(r.improved());
            out.writeInt(r.bestEpoch());
            out.writeDouble(r.bestValidationCcc());
            out.writeDouble(r.seconds());
          }
          out.flush();
        });
  }

  /** Reads the checkpoint in {@code dir}, or returns null when there is none. */
  static Checkpoint read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + ": not a kd4j checkpoint (bad magic number at byte 0)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException(
            file + ": checkpoint version must be " + VERSION + ", got " + version);
      }
      String fingerprint = in.readUTF();
      int epoch = in.readInt();
      float[] params = readFloats(in);
      float[] bestParams = readFloats(in);
      Adam.State adam =
          new Adam.State(in.readLong(), in.readDouble(), readFloats(in), readFloats(in));
      double best = in.readDouble();
      int bestEpoch = in.readInt();
      int without = in.readInt();
      double plateauBest = in.readDouble();
      int plateauBad = in.readInt();
      int n = in.readInt();
      List<EpochReport> history = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        history.add(
            new EpochReport(
                in.readInt(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readBoolean(),
                in.readInt(),
                in.readDouble(),
                in.readDouble()));
      }
      return new Checkpoint(
          fingerprint,
          epoch,
          params,
          bestParams,
          adam,
          best,
          bestEpoch,
          without,
          plateauBest,
          plateauBad,
          history);
    } catch (java.io.EOFException e) {
      throw new IOException(file + ": checkpoint is truncated", e);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    if (a == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(a.length);
    for (float f : a) {
      out.writeFloat(f);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readFloat();
    }
    return a;
  }
}
