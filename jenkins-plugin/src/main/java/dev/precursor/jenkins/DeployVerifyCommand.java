package dev.precursor.jenkins;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deploy-verify}: judges the risk after a deploy, for a pipeline to act on. */
@Command(
    name = "deploy-verify",
    mixinStandardHelpOptions = true,
    description = {
      "After a deploy, wait until the engine holds telemetry covering the window after it (event"
          + " time), then report whether precursors rose on the service or its neighbours: risk,"
          + " the similar past incident, the evidence.",
      "Exit codes: 0 clean, 1 watch-tier risk (or verification could not complete: the message"
          + " says which), 2 bad usage or no such deploy, 3 alert-tier risk."
    })
public final class DeployVerifyCommand implements Callable<Integer> {
  @Option(names = "--service", required = true, description = "Service deployed.")
  String service = "";

  @Option(
      names = "--version",
      required = true,
      description = "Version deployed (its marker must exist).")
  String version = "";

  @Option(
      names = "--window",
      defaultValue = "10m",
      converter = EngineOptions.DurationConverter.class,
      description = "Telemetry after the deploy to judge (default: ${DEFAULT-VALUE}).")
  Duration window = Duration.ofMinutes(10);

  @Option(
      names = "--wait",
      converter = EngineOptions.DurationConverter.class,
      description = "How long to wait (wall clock) for that telemetry (default: window + 5m).")
  @Nullable Duration wait;

  @Option(
      names = "--poll",
      defaultValue = "10s",
      converter = EngineOptions.DurationConverter.class,
      description =
          "How often to ask the engine how far it has scored (default: ${DEFAULT-VALUE}).")
  Duration poll = Duration.ofSeconds(10);

  @Option(names = "--at", description = "Deploy time (default: the marker's time).")
  @Nullable String at;

  @Mixin EngineOptions engineOptions = new EngineOptions();

  @Spec CommandSpec spec;

  private final Map<String, String> env;

  public DeployVerifyCommand() {
    this(System.getenv());
  }

  DeployVerifyCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    DeployVerifier verifier =
        new DeployVerifier(
            engineOptions.client(env), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    try {
      DeployVerifier.Report report =
          verifier.verify(
              service,
              version,
              DeployMarkCommand.parseTime(at),
              window,
              wait != null ? wait : window.plusMinutes(5),
              poll);
      spec.commandLine().getOut().println(report.text());
      return report.verdict().exitCode();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("deploy-verify: " + e.getMessage());
      return 2;
    } catch (DeployMarkerClient.EngineException e) {
      spec.commandLine().getErr().println("deploy-verify: " + e.getMessage());
      return 1;
    }
  }
}
