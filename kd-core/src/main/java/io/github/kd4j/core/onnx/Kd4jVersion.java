package io.github.kd4j.core.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The kd4j version string, from a resource filled in by the build. */
public final class Kd4jVersion {
  /** The version of this kd4j build, or "unknown". */
  public static final String VERSION = load();

  private Kd4jVersion() {}

  private static String load() {
    try (InputStream in = Kd4jVersion.class.getResourceAsStream("kd4j-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
