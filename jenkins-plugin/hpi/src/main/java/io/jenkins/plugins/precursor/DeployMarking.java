package io.jenkins.plugins.precursor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.jenkins.CiEnvironment;
import dev.precursor.jenkins.DeployEvent;
import dev.precursor.jenkins.DeployMarkerClient;
import dev.precursor.jenkins.DeployVerifier;
import hudson.EnvVars;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What the Pipeline step and the post-build action share: build the event from the user's values
 * and the build environment, record it, optionally verify, and write the report to the build log.
 * All logic beyond Jenkins types lives in {@code dev.precursor.jenkins}.
 */
final class DeployMarking {
  private DeployMarking() {}

  static String mark(Run<?, ?> run, EnvVars env, TaskListener listener, String service, String version,
      String environment, String kind, String engineUrl, String credentialsId, String verify)
      throws InterruptedException {
    PrintStream log = listener.getLogger();
    Map<String, String> vars = env;
    String svc = env.expand(service);
    String ver = env.expand(version);
    DeployEvent event = DeployEvent.of(svc, ver, environment == null ? null : env.expand(environment), null, null,
        null, kind == null || kind.isBlank() ? "deploy" : kind, CiEnvironment.detect(vars));
    DeployMarkerClient client = PrecursorConfiguration.get().client(run, engineUrl, credentialsId, vars);
    JsonNode stored = client.mark(event);
    String id = stored.path("id").asText();
    log.println("[Precursor] recorded deploy " + id + ": " + svc + " " + ver + " (" + event.source() + ")");
    if (verify != null && !verify.isBlank()) {
      Duration window = new dev.precursor.jenkins.EngineOptions.DurationConverter().convert(verify);
      DeployVerifier.Report report = new DeployVerifier(client, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()))
          .verify(svc, ver, null, window, window.plusMinutes(5), Duration.ofSeconds(10));
      for (String line : report.lines()) {
        log.println("[Precursor] " + line);
      }
      switch (report.verdict()) {
        case ALERT -> run.setResult(Result.FAILURE);
        case WATCH, INCONCLUSIVE -> run.setResult(Result.UNSTABLE);
        default -> { }
      }
    }
    return id;
  }
}
