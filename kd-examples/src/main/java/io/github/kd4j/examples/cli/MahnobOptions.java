package io.github.kd4j.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which MAHNOB-HCI feature files a command reads: {@code --data DIR} (default {@link
 * DemoCommand#defaultData()}) and {@code --subjects P1,P3} (default: all). Shared by {@code train},
 * {@code distill}, {@code demo} and {@code protocol}.
 */
final class MahnobOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Folder of P*-features-resamp4hz-trial-*.mat files (default: ../shared/data/mahnob).")
  Path data;

  @Option(
      names = "--subjects",
      split = ",",
      paramLabel = "ID",
      description = "Only these subjects' trials (e.g. P1,P3; default: all).")
  List<String> subjects = new ArrayList<>();

  /** {@code --data}, or the default folder when it was not given. */
  Path dir() {
    return data != null ? data : DemoCommand.defaultData();
  }

  /** Whether {@code --data} or {@code --subjects} was given. */
  boolean given() {
    return data != null || !subjects.isEmpty();
  }
}
