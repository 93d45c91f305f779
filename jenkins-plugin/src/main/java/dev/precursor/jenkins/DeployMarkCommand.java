package dev.precursor.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deploy-mark}: records a deploy with the engine from a CI pipeline. */
@Command(
    name = "deploy-mark",
    mixinStandardHelpOptions = true,
    description = {
      "Record a deploy (or config change) with the engine, for deploy correlation in RCA,"
          + " predictions, tickets and Grafana annotations.",
      "Commit and build URL are taken from the CI environment (Jenkins, GitHub Actions, GitLab)"
          + " unless given. Exit codes: 0 recorded, 1 engine unreachable or failed, 2 bad usage."
    })
public final class DeployMarkCommand implements Callable<Integer> {
  @Option(
      names = "--service",
      required = true,
      description = "Service deployed (as its service.name).")
  String service = "";

  @Option(names = "--version", required = true, description = "Version deployed.")
  String version = "";

  @Option(names = "--environment", description = "Environment, e.g. production.")
  @Nullable String environment;

  @Option(names = "--commit", description = "Commit SHA (default: from the CI environment).")
  @Nullable String commit;

  @Option(
      names = "--url",
      description = "Link to the build or release (default: from the CI environment).")
  @Nullable String url;

  @Option(
      names = "--kind",
      defaultValue = "deploy",
      description = "deploy or config (default: ${DEFAULT-VALUE}).")
  String kind = "deploy";

  @Option(
      names = "--at",
      description = "Deploy time, RFC 3339 or epoch ms (default: now, as the engine sees it).")
  @Nullable String at;

  @Mixin EngineOptions engineOptions = new EngineOptions();

  @Spec CommandSpec spec;

  private final Map<String, String> env;

  public DeployMarkCommand() {
    this(System.getenv());
  }

  DeployMarkCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    DeployEvent event;
    try {
      event =
          DeployEvent.of(
              service,
              version,
              environment,
              commit,
              url,
              parseTime(at),
              kind,
              CiEnvironment.detect(env));
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("deploy-mark: " + e.getMessage());
      return 2;
    }
    try {
      JsonNode stored = engineOptions.client(env).mark(event);
      spec.commandLine()
          .getOut()
          .println(
              "Recorded deploy "
                  + stored.path("id").asText()
                  + ": "
                  + stored.path("service").asText()
                  + " "
                  + stored.path("version").asText()
                  + " at "
                  + stored.path("at").asText()
                  + " ("
                  + stored.path("source").asText()
                  + ")");
      return 0;
    } catch (DeployMarkerClient.EngineException e) {
      spec.commandLine().getErr().println("deploy-mark: " + e.getMessage());
      return e.status() >= 400 && e.status() < 500 && e.status() != 429 && e.status() != 401
          ? 2
          : 1;
    }
  }

  static @Nullable Instant parseTime(@Nullable String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(s.trim());
    } catch (DateTimeParseException e) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(s.trim()));
      } catch (NumberFormatException e2) {
        throw new IllegalArgumentException(
            "--at: expected RFC 3339 (2026-01-02T03:04:05Z) or epoch milliseconds, got '"
                + s
                + "'");
      }
    }
  }
}
