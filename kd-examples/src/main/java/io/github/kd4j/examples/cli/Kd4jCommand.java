package io.github.kd4j.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kd4j} command-line program. */
@Command(
    name = "kd4j",
    mixinStandardHelpOptions = true,
    versionProvider = Kd4jCommand.Version.class,
    description =
        "Visual-to-EEG cross-modal knowledge distillation for continuous emotion recognition.",
    subcommands = {
      DemoCommand.class,
      ProtocolCommand.class,
      SaliencyCommand.class,
      StreamCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Kd4jCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the program; with no arguments it runs the demo. */
  public static void main(String[] args) {
    String[] a = args.length == 0 ? new String[] {"demo"} : args;
    System.exit(commandLine().execute(a));
  }

  /**
   * The command line with kd4j's error handling: bad input (a missing or malformed file, an invalid
   * option value) prints one line naming the problem instead of a stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Kd4jCommand());
    cmd.setExecutionExceptionHandler(
        (ex, line, parsed) -> {
          if (ex instanceof java.io.IOException
              || ex instanceof java.io.UncheckedIOException
              || ex instanceof IllegalArgumentException
              || ex instanceof IllegalStateException) {
            line.getErr().println("kd4j: " + ex.getMessage());
            return 2;
          }
          throw ex;
        });
    return cmd;
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
