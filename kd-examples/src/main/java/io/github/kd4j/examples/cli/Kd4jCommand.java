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
    subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
public final class Kd4jCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the program; with no arguments it runs the demo. */
  public static void main(String[] args) {
    String[] a = args.length == 0 ? new String[] {"demo"} : args;
    System.exit(new CommandLine(new Kd4jCommand()).execute(a));
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
