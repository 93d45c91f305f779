package dev.precursor.cli;

import dev.precursor.ConfigException;
import dev.precursor.InvalidTelemetryException;
import dev.precursor.server.Version;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code precursor} command line. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad
 * input (with a message naming the file, line and field, or the configuration key).
 */
@Command(
    name = "precursor",
    mixinStandardHelpOptions = true,
    versionProvider = PrecursorCli.VersionProvider.class,
    description = "Predicts production incidents from telemetry and incident history.",
    subcommands = {
      ServeCommand.class,
      RcaCommand.class,
      DemoCommand.class,
      DetectCommand.class,
      BenchCommand.class,
      DraftCommand.class,
      LearnCommand.class,
      SimilarCommand.class,
      dev.precursor.jenkins.DeployMarkCommand.class,
      dev.precursor.jenkins.DeployVerifyCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PrecursorCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  public static void main(String[] args) {
    configureLogging();
    System.exit(execute(args));
  }

  /** Runs the CLI and returns the exit code (tests call this instead of {@link #main}). */
  public static int execute(String... args) {
    CommandLine cl = commandLine();
    return cl.execute(args);
  }

  /** The configured picocli command line, with Precursor's exit-code mapping. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new PrecursorCli());
    cl.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          if (e instanceof ConfigException || e instanceof InvalidTelemetryException) {
            cmd.getErr().println("precursor: " + e.getMessage());
            return 2;
          }
          if (e instanceof CommandLine.ParameterException) {
            throw e;
          }
          cmd.getErr()
              .println("precursor: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          if (System.getenv("PRECURSOR_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
          } else {
            cmd.getErr().println("(set PRECURSOR_DEBUG=1 for the stack trace)");
          }
          return 1;
        });
    return cl;
  }

  private static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in = PrecursorCli.class.getResourceAsStream("/precursor-logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (IOException e) {
      System.err.println("precursor: cannot configure logging: " + e.getMessage());
    }
  }

  /** Version from the jar manifest. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "precursor " + Version.get(), "Java " + System.getProperty("java.version")
      };
    }
  }
}
