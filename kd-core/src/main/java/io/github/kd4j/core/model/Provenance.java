package io.github.kd4j.core.model;

import io.github.kd4j.core.onnx.Kd4jVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a trained model came from, recorded automatically in every {@code .kd4j} file and every
 * exported ONNX file ({@code metadata_props} key {@code kd4j.provenance}) and readable back with
 * {@link #parse}: the library version, the model's role, its network and trainer settings, the one
 * seed of the run, a SHA-256 of the training and validation data values ({@code
 * io.github.kd4j.core.data.DataFingerprint}), the trial counts, when it was trained, and free
 * entries (fold, KD weight, ...).
 *
 * <p>Text form: one {@code key=value} per line, keys in the order of the components, then {@code
 * extra.<key>=value}; backslashes and line breaks in values are escaped ({@code \\}, {@code \n}).
 */
public record Provenance(
    String libraryVersion,
    String role,
    String network,
    String trainer,
    long seed,
    String dataHash,
    int trainingTrials,
    int validationTrials,
    String created,
    Map<String, String> extra) {

  /** Validates and copies. */
  public Provenance {
    Objects.requireNonNull(libraryVersion, "libraryVersion");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(trainer, "trainer");
    Objects.requireNonNull(dataHash, "dataHash");
    Objects.requireNonNull(created, "created");
    extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** A provenance of this library version, created now. */
  public static Provenance of(
      String role,
      String network,
      String trainer,
      long seed,
      String dataHash,
      int trainingTrials,
      int validationTrials,
      Map<String, String> extra) {
    return new Provenance(
        Kd4jVersion.VERSION,
        role,
        network,
        trainer,
        seed,
        dataHash,
        trainingTrials,
        validationTrials,
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
        extra);
  }

  /** A copy with more free entries (later ones replace earlier ones of the same key). */
  public Provenance withExtra(Map<String, String> more) {
    Map<String, String> m = new LinkedHashMap<>(extra);
    m.putAll(more);
    return new Provenance(
        libraryVersion,
        role,
        network,
        trainer,
        seed,
        dataHash,
        trainingTrials,
        validationTrials,
        created,
        m);
  }

  /** The text form (see the class javadoc). */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    line(sb, "libraryVersion", libraryVersion);
    line(sb, "role", role);
    line(sb, "network", network);
    line(sb, "trainer", trainer);
    line(sb, "seed", Long.toString(seed));
    line(sb, "dataHash", dataHash);
    line(sb, "trainingTrials", Integer.toString(trainingTrials));
    line(sb, "validationTrials", Integer.toString(validationTrials));
    line(sb, "created", created);
    for (Map.Entry<String, String> e : extra.entrySet()) {
      line(sb, "extra." + e.getKey(), e.getValue());
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String key, String value) {
    sb.append(key)
        .append('=')
        .append(value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r"))
        .append('\n');
  }

  /**
   * Reads the text form.
   *
   * @throws IllegalArgumentException naming a missing key or a malformed line
   */
  public static Provenance parse(String text) {
    Objects.requireNonNull(text, "text");
    Map<String, String> m = new LinkedHashMap<>();
    Map<String, String> extra = new LinkedHashMap<>();
    int no = 0;
    for (String line : text.split("\n")) {
      no++;
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "provenance line " + no + " must be key=value, got '" + line + "'");
      }
      String key = line.substring(0, eq);
      String value = unescape(line.substring(eq + 1));
      if (key.startsWith("extra.")) {
        extra.put(key.substring(6), value);
      } else {
        m.put(key, value);
      }
    }
    try {
      return new Provenance(
          req(m, "libraryVersion"),
          req(m, "role"),
          req(m, "network"),
          req(m, "trainer"),
          Long.parseLong(req(m, "seed")),
          req(m, "dataHash"),
          Integer.parseInt(req(m, "trainingTrials")),
          Integer.parseInt(req(m, "validationTrials")),
          req(m, "created"),
          extra);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("provenance holds a malformed number: " + e.getMessage());
    }
  }

  private static String req(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("provenance must contain " + key + ", got " + m.keySet());
    }
    return v;
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "Provenance{kd4j "
        + libraryVersion
        + ", "
        + role
        + ", seed="
        + seed
        + ", data="
        + dataHash.substring(0, Math.min(12, dataHash.length()))
        + ", trials="
        + trainingTrials
        + "+"
        + validationTrials
        + ", created="
        + created
        + (extra.isEmpty() ? "" : ", " + extra)
        + "}";
  }
}
