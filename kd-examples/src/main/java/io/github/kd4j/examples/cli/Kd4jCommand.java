package io.github.kd4j.examples.cli;

import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code kd4j} command-line program.
 *
 * <p>Exit codes: {@code 0} success; {@code 1} a failure while running (an unexpected error, e.g.
 * ONNX Runtime or the JVM failing; the message names it, {@code --verbose} adds the stack trace);
 * {@code 2} bad input: an unknown option, an invalid option value, or an input file that is
 * missing, unreadable or malformed (one line naming the option, value or file).
 *
 * <p>Logging (slf4j-simple): INFO by default; {@code --quiet} shows warnings and errors only (and
 * hides progress bars), {@code --verbose} shows DEBUG. The level is set through the system property
 * {@code org.slf4j.simpleLogger.defaultLogLevel} before the first logger is created (slf4j-simple
 * reads it once), so {@link #main} scans the arguments for the two options first.
 */
@Command(
    name = "kd4j",
    mixinStandardHelpOptions = true,
    versionProvider = Kd4jCommand.Version.class,
    description =
        "Visual-to-EEG cross-modal knowledge distillation for continuous emotion recognition.",
    footer = {
      "",
      "Exit codes: 0 success, 1 failure while running, 2 bad option, value or input file."
    },
    subcommands = {
      DemoCommand.class,
      FeaturesCommand.class,
      TrainCommand.class,
      DistillCommand.class,
      PredictCommand.class,
      InspectCommand.class,
      ProtocolCommand.class,
      SaliencyCommand.class,
      StreamCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Kd4jCommand implements Runnable {
  /** slf4j-simple's default-level property. */
  static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  private static volatile boolean quiet;
  private static volatile boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Warnings and errors only, no progress bars.")
  void setQuiet(boolean q) {
    quiet = q;
    if (q) {
      System.setProperty(LOG_LEVEL, "warn");
    }
  }

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Debug logging and stack traces of failures.")
  void setVerbose(boolean v) {
    verbose = v;
    if (v) {
      System.setProperty(LOG_LEVEL, "debug");
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the program; with no arguments it runs the demo. */
  public static void main(String[] args) {
    String[] a = args.length == 0 ? new String[] {"demo"} : args;
    // before any logger exists: slf4j-simple reads its level once
    for (String s : a) {
      if (s.equals("--")) {
        break;
      }
      if (s.equals("-q") || s.equals("--quiet")) {
        System.setProperty(LOG_LEVEL, "warn");
      } else if (s.equals("-v") || s.equals("--verbose")) {
        System.setProperty(LOG_LEVEL, "debug");
      }
    }
    System.exit(commandLine().execute(a));
  }

  /** Whether {@code --quiet} was given (progress bars are hidden). */
  static boolean quiet() {
    return quiet;
  }

  /**
   * Runs {@code work} with an indeterminate progress bar named {@code task} on the console (none
   * with {@code --quiet} or when the output is not a terminal).
   */
  static <T> T progress(String task, Callable<T> work) throws Exception {
    if (quiet || System.console() == null) {
      return work.call();
    }
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(-1)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .continuousUpdate()
            .build()) {
      return work.call();
    }
  }

  /**
   * The command line with kd4j's error handling and exit codes (see the class javadoc): bad input
   * prints one line naming the problem instead of a stack trace.
   */
  public static CommandLine commandLine() {
    quiet = false;
    verbose = false;
    CommandLine cmd = new CommandLine(new Kd4jCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler(
        (ex, line, parsed) -> {
          if (ex instanceof java.io.IOException
              || ex instanceof java.io.UncheckedIOException
              || ex instanceof IllegalArgumentException
              || ex instanceof IllegalStateException) {
            line.getErr().println("kd4j: " + message(ex));
            if (verbose) {
              ex.printStackTrace(line.getErr());
            }
            return 2;
          }
          line.getErr().println("kd4j: failed: " + ex);
          if (verbose) {
            ex.printStackTrace(line.getErr());
          }
          return 1;
        });
    return cmd;
  }

  private static String message(Exception ex) {
    if (ex instanceof java.nio.file.NoSuchFileException e) {
      return e.getMessage().contains("no such")
          ? e.getMessage()
          : e.getMessage() + ": no such file";
    }
    if (ex instanceof java.nio.file.AccessDeniedException e) {
      return e.getMessage() + ": permission denied";
    }
    return ex.getMessage();
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Kd4jCommand.class.getPackage().getImplementationVersion();
      return new String[] {"kd4j " + (v == null ? "(development build)" : v)};
    }
  }
}
