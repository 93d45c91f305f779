package dev.precursor.cli;

import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.SimilarIncident;
import dev.precursor.rca.LiveRca;
import dev.precursor.scenario.Scenario;
import dev.precursor.scenario.ScenarioEvaluation;
import dev.precursor.scenario.ScenarioLibrary;
import dev.precursor.scenario.ScenarioRunner;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code precursor demo}: replays a built-in scenario through an in-process engine's real OTLP
 * receiver and prints what the engine saw and said, and when; {@code --evaluate} runs every
 * scenario over several seeds and prints the quality table of docs/prediction.md.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a built-in incident scenario end to end and show the prediction timeline.",
      "",
      "An engine starts in-process (free ports, a temporary in-memory store), learns the bundled"
          + " sample postmortems, and receives 3.5 h of telemetry (metrics and traces of frontend →"
          + " checkout → cache, frontend → search) through its real OTLP/gRPC receiver, sent with"
          + " the OpenTelemetry SDK exporters faster than real time (event time). The timeline"
          + " shows the deploy, the first anomaly, each prediction (confidence, time to impact,"
          + " similar incident, root cause) and when a static threshold alert would have fired.",
      "",
      "Scenarios: memory-leak (default), pool-exhaustion, retry-storm, clean-day.",
      "--evaluate replays every scenario over several seeds (a few minutes) and prints detection"
          + " rate, lead time against static thresholds, false alarms per clean day and RCA"
          + " top-1/top-3."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--scenario",
      defaultValue = "memory-leak",
      paramLabel = "NAME",
      description =
          "memory-leak, pool-exhaustion, retry-storm or clean-day (default: ${DEFAULT-VALUE})")
  String scenario;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "noise seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--evaluate",
      description = "run every scenario over several seeds, print figures")
  boolean evaluate;

  @Option(
      names = "--seeds",
      defaultValue = "3",
      description = "seeds per scenario with --evaluate (clean days get twice as many)")
  int seeds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!ScenarioLibrary.NAMES.contains(scenario)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--scenario: unknown scenario '"
              + scenario
              + "'; expected one of "
              + ScenarioLibrary.NAMES);
    }
    if (seeds < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seeds must be ≥ 1");
    }
    if (evaluate) {
      return evaluate(out, err);
    }
    Scenario sc = ScenarioLibrary.byName(scenario, seed);
    out.println("Precursor demo — " + sc.description());
    out.println(
        "  services: frontend → checkout → cache, frontend → search · "
            + Duration.ofMinutes(sc.length().toMinutes()).toMinutes()
            + " min of telemetry every "
            + sc.step().toSeconds()
            + " s, replayed through OTLP/gRPC");
    out.flush();
    ScenarioRunner.Result r =
        ScenarioRunner.run(
            sc,
            at -> {
              err.printf(Locale.ROOT, "\r  replaying… event time %s  ", clock(sc.start(), at));
              err.flush();
            });
    err.print("\r");
    err.flush();
    printTimeline(out, r);
    return 0;
  }

  private static String clock(Instant start, Instant at) {
    long m = Duration.between(start, at).toMinutes();
    return String.format(Locale.ROOT, "T+%d:%02d", m / 60, m % 60);
  }

  static void printTimeline(PrintWriter out, ScenarioRunner.Result r) {
    Scenario sc = r.scenario();
    out.printf(
        Locale.ROOT,
        "  done in %.1f s wall time (learning %d sample postmortems into incident memory: %.1f s)%n%n",
        r.wallTime().toMillis() / 1000.0,
        r.pastIncidents(),
        r.learnTime().toMillis() / 1000.0);
    List<String[]> lines = new ArrayList<>();
    for (Deploy d : r.deploys()) {
      lines.add(
          line(
              sc,
              d.at(),
              d.kind().wire()
                  + " "
                  + d.version()
                  + " of "
                  + d.service()
                  + (d.source().equals("otlp") ? " (seen as a new service.version)" : " (API)")));
    }
    Anomaly first = r.firstAnomaly();
    if (first != null) {
      lines.add(
          line(
              sc,
              first.onset(),
              String.format(
                  Locale.ROOT,
                  "first anomaly: %s %s %s (score %.2f, reported %s later)",
                  first.service(),
                  first.series().metric(),
                  first.direction().wire().equals("up") ? "rising" : "falling",
                  first.score(),
                  LiveRca.human(Duration.between(first.onset(), first.at())))));
    }
    if (r.firstWatch() != null && r.firstWatch() != r.firstAlert()) {
      lines.add(
          line(sc, r.firstWatch().at(), "prediction, " + describe(r.firstWatch().prediction())));
    }
    if (r.firstAlert() != null) {
      lines.add(
          line(sc, r.firstAlert().at(), "PREDICTION, " + describe(r.firstAlert().prediction())));
    }
    if (r.staticAlertAt() != null) {
      lines.add(
          line(
              sc,
              r.staticAlertAt(),
              "a static threshold alert would fire: " + r.staticThreshold().description()));
    }
    if (System.getenv("PRECURSOR_DEMO_VERBOSE") != null) {
      r.timeline().forEach(e -> lines.add(line(sc, e.at(), "[" + e.kind() + "] " + e.summary())));
    }
    lines.sort((a, b) -> a[0].compareTo(b[0]));
    for (String[] l : lines) {
      out.println("  " + l[1] + "  " + l[2]);
    }
    out.println();
    if (r.firstAlert() != null) {
      Prediction p = r.firstAlert().prediction();
      out.println("  Alert-tier prediction (this is what would open the ticket):");
      out.printf(Locale.ROOT, "    pattern         %s%n", p.pattern());
      out.printf(Locale.ROOT, "    confidence      %.2f (%s)%n", p.confidence(), p.tier().wire());
      out.printf(
          Locale.ROOT,
          "    impact at       %s%s%n",
          p.service(),
          p.expectedAt() == null
              ? ""
              : ", expected "
                  + clock(sc.start(), p.expectedAt())
                  + " (in "
                  + LiveRca.human(Duration.between(r.firstAlert().at(), p.expectedAt()))
                  + ")");
      if (p.rootCause() != null) {
        out.printf(Locale.ROOT, "    root cause      %s%n", p.rootCause().summary());
      }
      for (SimilarIncident s :
          p.similarIncidents().subList(0, Math.min(2, p.similarIncidents().size()))) {
        out.printf(
            Locale.ROOT, "    similar         %s (similarity %.2f)%n", s.title(), s.similarity());
      }
      out.printf(Locale.ROOT, "    action          %s%n", p.recommendedAction());
    }
    if (r.hypotheses() != null && !r.hypotheses().isEmpty()) {
      out.println("  Root-cause hypotheses:");
      int n = 0;
      for (Hypothesis h : r.hypotheses()) {
        if (n++ == 3) {
          break;
        }
        out.printf(
            Locale.ROOT, "    %d. %-9s %.2f  %s%n", n, h.service(), h.confidence(), h.cause());
        h.evidence().stream()
            .filter(e -> !e.kind().equals("anomaly"))
            .limit(n == 1 ? 4 : 1)
            .forEach(e -> out.println("         · " + e.summary()));
      }
    }
    out.println();
    out.println("  " + verdict(r));
    out.flush();
  }

  private static String[] line(Scenario sc, Instant at, String text) {
    return new String[] {at.toString(), clock(sc.start(), at), text};
  }

  private static String describe(@Nullable Prediction p) {
    if (p == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "%s tier %.2f: %s expected at %s%s; root cause %s; similar: %s",
        p.tier().wire(),
        p.confidence(),
        p.pattern(),
        p.service(),
        p.expectedAt() == null
            ? ""
            : " in " + LiveRca.human(Duration.between(p.raisedAt(), p.expectedAt())),
        p.rootCause() == null ? "?" : p.rootCause().service(),
        p.similarIncidents().isEmpty() ? "none" : "'" + p.similarIncidents().get(0).title() + "'");
  }

  static String verdict(ScenarioRunner.Result r) {
    Scenario sc = r.scenario();
    if (sc.rootCause() == null) {
      return r.firstAlert() == null
          ? "Clean day: no alert-tier prediction (correct)."
          : "Clean day: an alert-tier prediction was raised — a false alarm.";
    }
    if (r.firstAlert() == null) {
      return "No alert-tier prediction was raised for this incident (a miss).";
    }
    String who =
        r.firstAlert().prediction().rootCause() != null
                && sc.rootCause().equals(r.firstAlert().prediction().rootCause().service())
            ? "naming the right root cause (" + sc.rootCause() + ")"
            : "but naming the wrong root cause (truth: " + sc.rootCause() + ")";
    if (r.staticAlertAt() == null) {
      return "Alert-tier prediction " + who + "; no static threshold fired in the replay.";
    }
    Duration lead = Duration.between(r.alertAt(), r.staticAlertAt());
    return lead.isNegative()
        ? "Alert-tier prediction "
            + who
            + ", "
            + LiveRca.human(lead.negated())
            + " AFTER the static threshold alert."
        : "Alert-tier prediction "
            + who
            + ", "
            + LiveRca.human(lead)
            + " before the static threshold alert.";
  }

  private int evaluate(PrintWriter out, PrintWriter err) {
    List<ScenarioRunner.Result> results = new ArrayList<>();
    for (String name : ScenarioLibrary.NAMES) {
      int n = name.equals("clean-day") ? seeds * 2 : seeds;
      for (int s = 1; s <= n; s++) {
        Scenario sc = ScenarioLibrary.byName(name, s);
        err.printf(Locale.ROOT, "evaluating %s seed %d…%n", name, s);
        err.flush();
        ScenarioRunner.Result r = ScenarioRunner.run(sc, at -> {});
        results.add(r);
        err.println("  " + verdict(r));
        err.flush();
      }
    }
    out.println(ScenarioEvaluation.table(results));
    out.flush();
    return 0;
  }
}
