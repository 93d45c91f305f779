package dev.precursor.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Post-deploy verification: waits until the engine has scored telemetry covering the window after a
 * deploy (event time, bounded by a wall-clock timeout), then reports whether precursors rose on the
 * deployed service or its neighbours in the dependency graph since the deploy: the highest tier,
 * the similar past incident, the evidence.
 */
public final class DeployVerifier {
  private final DeployMarkerClient client;
  private final Clock clock;
  private final DeployMarkerClient.Sleeper sleeper;

  public DeployVerifier(
      DeployMarkerClient client, Clock clock, DeployMarkerClient.Sleeper sleeper) {
    this.client = client;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** The outcome a pipeline acts on. */
  public enum Verdict {
    CLEAN(0),
    WATCH(1),
    ALERT(3),
    INCONCLUSIVE(1);

    private final int exitCode;

    Verdict(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  /** What verification found, with the text written into the build log. */
  public record Report(Verdict verdict, double risk, List<String> lines) {
    public Report {
      lines = List.copyOf(lines);
    }

    public String text() {
      return String.join("\n", lines);
    }
  }

  /**
   * Verifies one deploy.
   *
   * @param at the deploy time, or null to look it up among the engine's deploy markers
   * @param window how much telemetry after the deploy to wait for and judge
   * @param timeout how long (wall clock) to wait for that telemetry
   * @param poll how often to ask the engine for its watermark
   * @throws IllegalArgumentException when no marker of this service and version exists
   */
  public Report verify(
      String service,
      String version,
      @Nullable Instant at,
      Duration window,
      Duration timeout,
      Duration poll)
      throws InterruptedException {
    Instant deployAt = at != null ? at : findDeploy(service, version);
    Instant end = deployAt.plus(window);
    List<String> lines = new ArrayList<>();
    lines.add(
        "Precursor post-deploy verification: "
            + service
            + " "
            + version
            + " deployed at "
            + deployAt
            + ", window "
            + format(window)
            + " (until "
            + end
            + ")");

    Instant deadline = clock.instant().plus(timeout);
    Instant watermark = watermark();
    while (watermark == null || watermark.isBefore(end)) {
      if (!clock.instant().isBefore(deadline)) {
        lines.add(
            "INCONCLUSIVE: the engine has scored telemetry only up to "
                + (watermark == null ? "nothing yet" : watermark.toString())
                + ", not the end of the window "
                + end
                + ", after waiting "
                + format(timeout)
                + ". Is the service sending telemetry to Precursor?");
        return new Report(Verdict.INCONCLUSIVE, 0, lines);
      }
      sleeper.sleep(poll);
      watermark = watermark();
    }

    Set<String> scope = new LinkedHashSet<>();
    scope.add(service);
    scope.addAll(neighbours(service));
    lines.add("Services checked: " + String.join(", ", scope));

    Map<String, String> q = new LinkedHashMap<>();
    q.put("from", deployAt.toString());
    q.put("to", end.toString());
    q.put("limit", "1000");
    JsonNode predictions = client.get("/api/v1/predictions", q).path("items");
    Verdict verdict = Verdict.CLEAN;
    double risk = 0;
    JsonNode worst = null;
    for (JsonNode p : predictions) {
      String ps = p.path("service").asText("");
      String cause = p.path("rootCause").path("service").asText("");
      if (!scope.contains(ps) && !cause.equals(service)) {
        continue;
      }
      double conf = p.path("confidence").asDouble(0);
      String tier = p.path("tier").asText("log");
      Verdict v =
          tier.equals("alert")
              ? Verdict.ALERT
              : tier.equals("watch") ? Verdict.WATCH : Verdict.CLEAN;
      lines.add(
          String.format(
              "  - %s prediction for %s: %s (confidence %.2f, raised %s%s)",
              tier,
              ps,
              p.path("pattern").asText("unnamed pattern"),
              conf,
              p.path("raisedAt").asText("?"),
              cause.isEmpty() ? "" : ", probable root cause " + cause));
      if (v.exitCode() > verdict.exitCode() || (v == verdict && conf > risk)) {
        verdict = v;
      }
      if (conf > risk) {
        risk = conf;
        worst = p;
      }
    }
    if (worst != null) {
      JsonNode similar = worst.path("similarIncidents");
      if (similar.isArray() && similar.size() > 0) {
        JsonNode s = similar.get(0);
        lines.add(
            String.format(
                "Most similar past incident: %s \"%s\" (similarity %.2f)",
                s.path("id").asText(), s.path("title").asText(), s.path("similarity").asDouble()));
      }
      String action = worst.path("recommendedAction").asText("");
      if (!action.isBlank()) {
        lines.add("Recommended action: " + action);
      }
    }
    lines.add(
        switch (verdict) {
          case ALERT ->
              String.format(
                  "RESULT: ALERT — alert-tier risk %.2f after this deploy; consider rolling back.",
                  risk);
          case WATCH ->
              String.format(
                  "RESULT: WATCH — watch-tier risk %.2f after this deploy; keep an eye on it.",
                  risk);
          default ->
              "RESULT: CLEAN — no precursors above the watch tier on "
                  + service
                  + " or its neighbours.";
        });
    return new Report(verdict, risk, lines);
  }

  private Instant findDeploy(String service, String version) {
    JsonNode items =
        client.get("/api/v1/deploys", Map.of("service", service, "limit", "1000")).path("items");
    Instant found = null;
    for (JsonNode d : items) {
      if (version.equals(d.path("version").asText())) {
        Instant at = parse(d.path("at").asText(null));
        if (at != null && (found == null || at.isAfter(found))) {
          found = at;
        }
      }
    }
    if (found == null) {
      throw new IllegalArgumentException(
          "the engine has no deploy marker for "
              + service
              + " "
              + version
              + "; record it first with 'precursor deploy-mark --service "
              + service
              + " --version "
              + version
              + "' or pass --at");
    }
    return found;
  }

  private @Nullable Instant watermark() {
    return parse(client.get("/api/v1/health", Map.of()).path("watermark").asText(null));
  }

  private List<String> neighbours(String service) {
    JsonNode graph = client.get("/api/v1/services", Map.of());
    List<String> out = new ArrayList<>();
    for (JsonNode e : graph.path("edges")) {
      String from = e.path("from").asText(e.path("source").asText(""));
      String to = e.path("to").asText(e.path("target").asText(""));
      if (from.equals(service) && !to.isEmpty()) {
        out.add(to);
      } else if (to.equals(service) && !from.isEmpty()) {
        out.add(from);
      }
    }
    return out;
  }

  private static @Nullable Instant parse(@Nullable String s) {
    if (s == null || s.isBlank() || s.equals("null")) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(s));
      } catch (NumberFormatException e2) {
        return null;
      }
    }
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
