package io.github.kd4j.core.train;

import io.github.kd4j.core.internal.ChecksummedFile;
import io.github.kd4j.core.nn.Adam;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to continue training after the last completed epoch, written atomically after
 * every epoch in a {@link ChecksummedFile}. Random streams are derived from (seed, epoch), so they
 * need no saved state. The fingerprint lists, one {@code key=value} per line, everything that
 * changes the result (network, loss, sampler, trainer settings, initial weights, data values).
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
  private static final int VERSION = 2;
  private static final int MAX_EPOCHS = 1_000_000;

  void write(Path dir) throws IOException {
    ChecksummedFile.write(
        dir.resolve(FILE),
        MAGIC,
        VERSION,
        out -> {
          writeLongString(out, fingerprint);
          out.writeInt(epoch);
          ChecksummedFile.writeFloats(out, params);
          ChecksummedFile.writeFloats(out, bestParams);
          out.writeLong(adam.step());
          out.writeDouble(adam.learningRate());
          ChecksummedFile.writeFloats(out, adam.m());
          ChecksummedFile.writeFloats(out, adam.v());
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
        });
  }

  private static void writeLongString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /**
   * Reads the checkpoint in {@code dir}, or returns null when there is none.
   *
   * @throws IOException naming the file when it is damaged, truncated or inconsistent
   */
  static Checkpoint read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    ChecksummedFile.Payload in = ChecksummedFile.read(file, "checkpoint", MAGIC, VERSION);
    int fpLength = in.readCount("fingerprint length", 1 << 20);
    byte[] fp = new byte[fpLength];
    in.in().readFully(fp);
    String fingerprint = new String(fp, java.nio.charset.StandardCharsets.UTF_8);
    int epoch = in.readCount("epoch", MAX_EPOCHS);
    float[] params = in.readFloats("params");
    float[] bestParams = in.readFloats("bestParams");
    Adam.State adam =
        new Adam.State(
            in.readLong(), in.readDouble(), in.readFloats("adam.m"), in.readFloats("adam.v"));
    double best = in.readDouble();
    int bestEpoch = in.readCount("bestEpoch", epoch);
    int without = in.readCount("epochsWithoutImprovement", epoch);
    double plateauBest = in.readDouble();
    int plateauBad = in.readCount("plateauBad", epoch);
    int n = in.readCount("history length", MAX_EPOCHS);
    if (n != epoch) {
      throw in.error("history must hold one report per epoch (" + epoch + "), got " + n);
    }
    if (params == null || bestParams == null || params.length != bestParams.length) {
      throw in.error("params and bestParams must have the same length");
    }
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
    in.expectEnd();
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
  }

  /** The keys whose values differ between two fingerprints, for the refusal message. */
  static String difference(String saved, String now) {
    String[] a = saved.split("\n");
    String[] b = now.split("\n");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : "";
      String y = i < b.length ? b[i] : "";
      if (!x.equals(y)) {
        String k = (y.isEmpty() ? x : y);
        int eq = k.indexOf('=');
        keys.add(eq > 0 ? k.substring(0, eq) : k);
      }
    }
    return keys.isEmpty() ? "fingerprints differ" : "these differ: " + String.join(", ", keys);
  }
}
