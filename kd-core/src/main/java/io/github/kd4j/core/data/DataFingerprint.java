package io.github.kd4j.core.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A SHA-256 hash of the values of a data set: every trial's id, subject, features, labels and
 * knowledge (float bit patterns, in order), so that two data sets with the same ids but changed
 * values hash differently. Used in provenance and to refuse resuming a run on other data.
 */
public final class DataFingerprint {
  private DataFingerprint() {}

  /** The hash of several lists of trials (e.g. training, validation), as 64 hex digits. */
  @SafeVarargs
  public static String of(List<Trial>... parts) {
    MessageDigest md = sha256();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    for (List<Trial> part : parts) {
      putInt(md, buf, part.size());
      for (Trial t : part) {
        putString(md, buf, t.id());
        putString(md, buf, t.subject());
        putRows(md, buf, t.featuresView());
        putFloats(md, buf, t.labelsView());
        float[][] k = t.knowledgeView();
        putInt(md, buf, k == null ? -1 : k.length);
        if (k != null) {
          putRows(md, buf, k);
        }
      }
    }
    flush(md, buf);
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }

  private static void putRows(MessageDigest md, ByteBuffer buf, float[][] rows) {
    putInt(md, buf, rows.length);
    putInt(md, buf, rows.length == 0 ? 0 : rows[0].length);
    for (float[] r : rows) {
      putFloats(md, buf, r);
    }
  }

  private static void putFloats(MessageDigest md, ByteBuffer buf, float[] a) {
    for (float f : a) {
      if (buf.remaining() < 4) {
        flush(md, buf);
      }
      buf.putInt(Float.floatToIntBits(f));
    }
  }

  private static void putInt(MessageDigest md, ByteBuffer buf, int v) {
    if (buf.remaining() < 4) {
      flush(md, buf);
    }
    buf.putInt(v);
  }

  private static void putString(MessageDigest md, ByteBuffer buf, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    putInt(md, buf, b.length);
    flush(md, buf);
    md.update(b);
  }

  private static void flush(MessageDigest md, ByteBuffer buf) {
    buf.flip();
    md.update(buf);
    buf.clear();
  }
}
