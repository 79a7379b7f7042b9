package io.github.kd4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code kd4j} program the build assembles in {@code kd-examples/target/kd4j}, started for
 * real: a shell script whose class path is the short wildcard {@code lib/*}.
 */
class LauncherTest {
  static final Path BIN = Path.of("target", "kd4j", "bin", "kd4j");

  static String run(String... args) throws Exception {
    return run(0, args);
  }

  static String run(int exit, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", BIN.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "kd4j " + cmd + " must finish");
    assertEquals(exit, p.exitValue(), out);
    return out;
  }

  @Test
  void helpListsEveryCommandAndTheCommandLineStaysShort() throws Exception {
    assertTrue(Files.isExecutable(BIN), BIN + " must be assembled and executable");
    String help = run("--help");
    for (String c :
        new String[] {
          "demo",
          "features",
          "train",
          "distill",
          "predict",
          "inspect",
          "protocol",
          "saliency",
          "stream",
          "help"
        }) {
      assertTrue(help.contains("  " + c + " "), "missing " + c + " in\n" + help);
    }
    assertTrue(
        run("--version").matches("(?s)kd4j \\d+\\.\\d+\\.\\d+.*"), "version from the jar manifest");
    assertTrue(run("protocol", "--help").contains("--scheme"));
    String features = run("features", "--help");
    for (String o : new String[] {"--crop", "--band-pass", "--bands", "--absolute", "--hop"}) {
      assertTrue(features.contains(o), o + " in\n" + features);
    }
    for (String c : new String[] {"train", "distill", "predict", "inspect"}) {
      assertTrue(run(c, "--help").contains("Usage: kd4j " + c), c);
    }
    String script = Files.readString(BIN);
    assertTrue(script.contains("-cp \"$HERE/lib/*\""), "a wildcard class path, not a long list");
    try (var jars = Files.list(Path.of("target", "kd4j", "lib"))) {
      assertTrue(
          jars.anyMatch(p -> p.getFileName().toString().matches("kd-examples-.+\\.jar")),
          "the program's own jar in lib/");
    }
  }

  /** --quiet and --verbose set slf4j-simple's level before the first logger exists. */
  @Test
  void quietAndVerboseSetTheLogLevel(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path model = dir.resolve("m.kd4j");
    Cli.tinyStudent(3, 2).save(model);
    String normal = run("inspect", model.toString());
    assertTrue(normal.contains(" INFO "), "INFO by default:\n" + normal);
    assertTrue(!normal.contains(" DEBUG "), normal);
    String quiet = run("--quiet", "inspect", model.toString());
    assertTrue(!quiet.contains(" INFO ") && quiet.contains("  seed=2\n"), quiet);
    String verbose = run("inspect", "--verbose", model.toString());
    assertTrue(
        verbose.contains(" DEBUG io.github.kd4j.examples.cli.InspectCommand - inspecting"),
        verbose);
    String missing = run(2, "predict", dir.resolve("none.csv").toString(), "-m", model.toString());
    assertTrue(missing.startsWith("kd4j: ") && missing.contains("none.csv"), missing);
  }
}
