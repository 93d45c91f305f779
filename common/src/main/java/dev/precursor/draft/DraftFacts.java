package dev.precursor.draft;

import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import dev.precursor.model.Evidence;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.RootCause;
import dev.precursor.model.ServiceGraph;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the drafters say about a situation, computed once from a {@link DraftContext}: the impacted
 * service, the probable cause and the change involved, the signals with their deltas, the
 * affected-request estimate, the similar incidents and the merged timeline. Both the template and
 * the LLM drafter start from it, so they agree on every fact; the LLM drafter also takes the set of
 * names it may mention from here.
 */
final class DraftFacts {
  /** Attribute keys that name an endpoint, most specific first. */
  private static final List<String> ENDPOINT_KEYS =
      List.of(
          "http.route",
          "url.path",
          "http.target",
          "rpc.method",
          "endpoint",
          "route",
          "operation",
          "span.name",
          "messaging.destination.name",
          "db.operation");

  /** How far before the first anomaly a deploy still counts as "around" the situation. */
  static final Duration DEPLOY_LOOKBACK = Duration.ofHours(2);

  final DraftContext ctx;
  final Situation situation;
  final @Nullable Prediction latest;
  final String impactService;
  final String pattern;
  final Instant start;
  final Instant end;
  final List<Signal> signals;
  final List<Hypothesis> hypotheses;
  final @Nullable Hypothesis top;
  final @Nullable Deploy suspectDeploy;
  final List<Deploy> deploys;
  final List<SimilarIncident> similar;
  final List<String> endpoints;
  final List<String> atRisk;
  final List<Estimate> estimates;

  DraftFacts(DraftContext ctx) {
    this.ctx = ctx;
    this.situation = ctx.situation();
    this.latest = ctx.latestPrediction();
    this.signals =
        situation.anomalies().stream()
            .map(Signal::of)
            .sorted(
                Comparator.comparingDouble(Signal::score).reversed().thenComparing(Signal::onset))
            .toList();
    this.hypotheses =
        situation.hypotheses().stream()
            .sorted(Comparator.comparingDouble(Hypothesis::confidence).reversed())
            .toList();
    this.top = hypotheses.isEmpty() ? null : hypotheses.get(0);
    this.impactService = impactService();
    this.start = start();
    this.end = end();
    this.deploys = deploys();
    this.suspectDeploy = suspectDeploy();
    this.pattern = pattern();
    this.similar = similar();
    this.endpoints =
        signals.stream()
            .map(Signal::endpoint)
            .filter(e -> e != null)
            .map(e -> (String) e)
            .distinct()
            .toList();
    this.atRisk = atRisk();
    this.estimates = estimates();
  }

  /** One anomalous series, flattened for display. */
  record Signal(
      String service,
      String metric,
      @Nullable String endpoint,
      SignalKind kind,
      Direction direction,
      double value,
      double baseline,
      Instant onset,
      Instant at,
      double score) {
    static Signal of(Anomaly a) {
      String endpoint = null;
      for (String k : ENDPOINT_KEYS) {
        String v = a.series().attributes().get(k);
        if (v != null && !v.isBlank()) {
          endpoint = v;
          break;
        }
      }
      return new Signal(
          a.service(),
          a.series().metric(),
          endpoint,
          SignalKind.of(a.series().metric()),
          a.direction(),
          a.value(),
          a.baseline(),
          a.onset(),
          a.at(),
          a.score());
    }

    String now() {
      return Formats.value(metric, value);
    }

    String base() {
      return Formats.value(metric, baseline);
    }

    String change() {
      return Formats.change(value, baseline);
    }

    /** "error rate on checkout-api (POST /pay)". */
    String describe() {
      if (kind == SignalKind.ERRORS || kind == SignalKind.LATENCY) {
        return kind.label() + " on " + service + (endpoint == null ? "" : " (" + endpoint + ")");
      }
      return metric + " on " + service + (endpoint == null ? "" : " (" + endpoint + ")");
    }

    /** {@link #describe()} with the article a sentence needs. */
    String phrase() {
      return (kind == SignalKind.ERRORS || kind == SignalKind.LATENCY ? "the " : "") + describe();
    }

    /** {@link #describe()} fit to start a sentence; metric names keep their case. */
    String sentenceStart() {
      return kind == SignalKind.ERRORS || kind == SignalKind.LATENCY
          ? Formats.capitalize(describe())
          : describe();
    }
  }

  /** Requests to one service during the situation and how many were hurt. */
  record Estimate(
      String service,
      double requests,
      @Nullable Double failed,
      @Nullable String failedBasis,
      boolean slow,
      Duration window) {}

  /** The situation is considered over at its resolution, else at the newest data seen. */
  boolean isResolved() {
    return !situation.isOpen() && situation.resolvedAt() != null;
  }

  Duration duration() {
    return Duration.between(start, end);
  }

  @Nullable Prediction firstPrediction() {
    return ctx.predictions().isEmpty() ? null : ctx.predictions().get(0);
  }

  @Nullable Prediction firstOfTier(Tier tier) {
    return ctx.predictions().stream().filter(p -> p.tier() == tier).findFirst().orElse(null);
  }

  /** The first prediction at watch tier or above. */
  @Nullable Prediction firstActionable() {
    return ctx.predictions().stream()
        .filter(p -> p.tier() == Tier.ALERT || p.tier() == Tier.WATCH)
        .findFirst()
        .orElse(null);
  }

  @Nullable RootCause rootCause() {
    return latest == null ? null : latest.rootCause();
  }

  /** The probable cause's service: the prediction's root cause, else the top hypothesis. */
  @Nullable String causeService() {
    RootCause rc = rootCause();
    if (rc != null && !rc.service().isBlank()) {
      return rc.service();
    }
    return top == null ? null : top.service();
  }

  /** Every name a draft may mention: services, metrics, endpoints, versions, incident ids. */
  Set<String> knownServices() {
    Set<String> s = new LinkedHashSet<>(situation.services());
    signals.forEach(x -> s.add(x.service()));
    hypotheses.forEach(h -> s.add(h.service()));
    deploys.forEach(d -> s.add(d.service()));
    ctx.predictions()
        .forEach(
            p -> {
              s.add(p.service());
              if (p.rootCause() != null) {
                s.add(p.rootCause().service());
              }
            });
    s.addAll(atRisk);
    s.remove("");
    return s;
  }

  Set<String> knownMetrics() {
    Set<String> s = new LinkedHashSet<>();
    signals.forEach(x -> s.add(x.metric()));
    hypotheses.forEach(
        h ->
            h.evidence()
                .forEach(
                    e -> {
                      if (e.series() != null) {
                        s.add(e.series());
                      }
                    }));
    return s;
  }

  Set<String> knownVersions() {
    Set<String> s = new LinkedHashSet<>();
    deploys.forEach(
        d -> {
          s.add(d.version());
          if (d.commit() != null) {
            s.add(d.commit());
          }
        });
    return s;
  }

  Set<String> knownIncidents() {
    Set<String> s = new LinkedHashSet<>();
    similar.forEach(i -> s.add(i.id()));
    return s;
  }

  private String impactService() {
    if (latest != null && !latest.service().isBlank()) {
      return latest.service();
    }
    if (!signals.isEmpty()) {
      // impact shows where users are: errors and latency before saturation
      return signals.stream()
          .filter(s -> s.kind() == SignalKind.ERRORS || s.kind() == SignalKind.LATENCY)
          .findFirst()
          .orElse(signals.get(0))
          .service();
    }
    return situation.services().isEmpty() ? situation.id() : situation.services().get(0);
  }

  private String pattern() {
    if (latest != null && !latest.pattern().isBlank()) {
      return Formats.humanize(latest.pattern());
    }
    Signal first =
        signals.stream().filter(s -> s.service().equals(impactService)).findFirst().orElse(null);
    if (first == null) {
      return "anomalous behaviour";
    }
    return first.kind().label() + (first.direction() == Direction.UP ? " rising" : " dropping");
  }

  private Instant start() {
    Instant s = situation.openedAt();
    for (Signal x : signals) {
      if (x.onset().isBefore(s)) {
        s = x.onset();
      }
    }
    return s;
  }

  private Instant end() {
    if (situation.resolvedAt() != null) {
      return situation.resolvedAt();
    }
    Instant e = start;
    for (Signal x : signals) {
      e = max(e, x.at());
    }
    for (Prediction p : ctx.predictions()) {
      e = max(e, p.raisedAt());
    }
    return e;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private List<Deploy> deploys() {
    Map<String, Deploy> byId = new LinkedHashMap<>();
    for (Deploy d : situation.deploys()) {
      byId.put(d.id(), d);
    }
    Instant from = start.minus(DEPLOY_LOOKBACK);
    for (Deploy d : ctx.deploys()) {
      if (!d.at().isBefore(from) && !d.at().isAfter(end)) {
        byId.putIfAbsent(d.id(), d);
      }
    }
    return byId.values().stream().sorted(Comparator.comparing(Deploy::at)).toList();
  }

  /** The newest change of the probable-cause service before the first anomaly (or during). */
  private @Nullable Deploy suspectDeploy() {
    String cause = causeService();
    Deploy best = null;
    for (Deploy d : deploys) {
      if (cause != null && d.service().equals(cause) && !d.at().isAfter(end)) {
        if (best == null || d.at().isAfter(best.at())) {
          best = d;
        }
      }
    }
    if (best == null && rootCause() != null) {
      String kind = rootCause().kind();
      if (kind.equals("deploy") || kind.equals("config")) {
        best = deploys.isEmpty() ? null : deploys.get(deploys.size() - 1);
      }
    }
    return best;
  }

  private List<SimilarIncident> similar() {
    Map<String, SimilarIncident> byId = new LinkedHashMap<>();
    for (Prediction p : ctx.predictions()) {
      for (SimilarIncident s : p.similarIncidents()) {
        SimilarIncident old = byId.get(s.id());
        if (old == null
            || s.similarity() > old.similarity()
            || (old.resolution() == null && s.resolution() != null)) {
          byId.put(
              s.id(),
              old != null && s.resolution() == null
                  ? new SimilarIncident(
                      s.id(),
                      s.title(),
                      Math.max(s.similarity(), old.similarity()),
                      s.space(),
                      old.resolution())
                  : s);
        }
      }
    }
    return byId.values().stream()
        .sorted(Comparator.comparingDouble(SimilarIncident::similarity).reversed())
        .toList();
  }

  /** Callers of affected services that are not themselves affected: where impact spreads next. */
  private List<String> atRisk() {
    ServiceGraph g = ctx.graph();
    Set<String> affected = new LinkedHashSet<>(situation.services());
    signals.forEach(s -> affected.add(s.service()));
    Set<String> risk = new LinkedHashSet<>();
    for (String s : affected) {
      for (String caller : g.callers(s)) {
        if (!affected.contains(caller)) {
          risk.add(caller);
        }
      }
    }
    return List.copyOf(risk);
  }

  private List<Estimate> estimates() {
    List<Estimate> out = new ArrayList<>();
    Set<String> affected = new LinkedHashSet<>(situation.services());
    signals.forEach(s -> affected.add(s.service()));
    for (String service : affected) {
      ServiceGraph.Node node =
          ctx.graph().nodes().stream()
              .filter(n -> n.service().equals(service))
              .findFirst()
              .orElse(null);
      if (node == null || !(node.requestRate() > 0)) {
        continue;
      }
      Instant from =
          signals.stream()
              .filter(s -> s.service().equals(service))
              .map(Signal::onset)
              .min(Comparator.naturalOrder())
              .orElse(start);
      Duration window = Duration.between(from, end);
      if (window.isNegative() || window.isZero()) {
        continue;
      }
      double requests = node.requestRate() * window.toMillis() / 1000.0;
      Signal errors =
          signals.stream()
              .filter(
                  s ->
                      s.service().equals(service)
                          && s.kind() == SignalKind.ERRORS
                          && s.direction() == Direction.UP
                          && isRatio(s))
              .findFirst()
              .orElse(null);
      Double failed = null;
      String basis = null;
      if (errors != null) {
        failed = requests * Math.max(0, errors.value() - errors.baseline());
        basis = "error ratio " + errors.now() + " against a baseline of " + errors.base();
      } else if (node.errorRatio() > 0) {
        failed = requests * node.errorRatio();
        basis = "at the current error ratio of " + Formats.number(node.errorRatio() * 100) + "%";
      }
      boolean slow =
          signals.stream()
              .anyMatch(
                  s ->
                      s.service().equals(service)
                          && s.kind() == SignalKind.LATENCY
                          && s.direction() == Direction.UP);
      out.add(new Estimate(service, requests, failed, basis, slow, window));
    }
    return out;
  }

  private static boolean isRatio(Signal s) {
    return s.value() >= 0
        && s.value() <= 1
        && s.baseline() >= 0
        && s.baseline() <= 1
        && s.metric().matches(".*(^|[._])(ratio|rate|fraction)($|[._].*)");
  }

  /** One line of the merged timeline. */
  record Entry(Instant at, String source, String text) {}

  /** Deploys, anomaly onsets, predictions, outside events, open and resolve; oldest first. */
  List<Entry> timeline(int maxSignals) {
    List<Entry> out = new ArrayList<>();
    for (Deploy d : deploys) {
      out.add(
          new Entry(
              d.at(),
              d.source(),
              (d.kind() == Deploy.Kind.CONFIG ? "Configuration change " : "Deploy of ")
                  + d.service()
                  + " "
                  + d.version()
                  + (d.environment() == null ? "" : " to " + d.environment())
                  + (d.commit() == null ? "" : " (commit " + shortCommit(d.commit()) + ")")));
    }
    List<Signal> bySeries = signals.stream().sorted(Comparator.comparing(Signal::onset)).toList();
    List<Signal> shown =
        bySeries.size() <= maxSignals
            ? bySeries
            : signals.subList(0, maxSignals).stream()
                .sorted(Comparator.comparing(Signal::onset))
                .toList();
    for (Signal s : shown) {
      out.add(
          new Entry(
              s.onset(),
              "anomaly",
              s.sentenceStart()
                  + " left its baseline"
                  + (s.kind() == SignalKind.ERRORS || s.kind() == SignalKind.LATENCY
                      ? " (" + s.metric() + ")"
                      : "")
                  + ": "
                  + (s.direction() == Direction.UP ? "up" : "down")
                  + " to "
                  + s.now()
                  + " from "
                  + s.base()
                  + " ("
                  + s.change()
                  + ")"));
    }
    if (bySeries.size() > shown.size()) {
      out.add(
          new Entry(
              shown.get(shown.size() - 1).onset(),
              "anomaly",
              (bySeries.size() - shown.size())
                  + " weaker anomalies on "
                  + String.join(
                      ", ",
                      bySeries.stream()
                          .filter(s -> !shown.contains(s))
                          .map(Signal::service)
                          .distinct()
                          .toList())
                  + " (not listed)"));
    }
    out.add(
        new Entry(
            situation.openedAt(),
            "precursor",
            "Situation "
                + situation.id()
                + " opened, grouping "
                + signals.size()
                + " anomal"
                + (signals.size() == 1 ? "y" : "ies")
                + " across "
                + situation.services().size()
                + " service"
                + (situation.services().size() == 1 ? "" : "s")));
    Tier lastTier = null;
    String lastCause = null;
    for (Prediction p : ctx.predictions()) {
      String cause = p.rootCause() == null ? null : p.rootCause().service();
      StringBuilder t = new StringBuilder();
      if (lastTier == null) {
        t.append("Prediction raised: ");
      } else if (p.tier() != lastTier) {
        t.append(
            p.tier().ordinal() < lastTier.ordinal()
                ? "Prediction escalated to "
                : "Prediction lowered to ");
      } else {
        t.append("Prediction updated: ");
      }
      t.append(p.tier().wire())
          .append(" tier, confidence ")
          .append(Formats.percent(p.confidence()))
          .append(", ")
          .append(Formats.humanize(p.pattern()))
          .append(" expected on ")
          .append(p.service());
      if (p.expectedAt() != null) {
        t.append(" around ").append(Formats.shortTime(p.expectedAt()));
      }
      if (cause != null && !cause.equals(lastCause)) {
        t.append("; probable cause ").append(cause);
      }
      out.add(new Entry(p.raisedAt(), "precursor", t.toString()));
      lastTier = p.tier();
      lastCause = cause;
    }
    if (ctx.impactAt() != null) {
      out.add(
          new Entry(ctx.impactAt(), "threshold", "Static threshold alert fired (impact began)"));
    }
    for (DraftContext.Event e : ctx.events()) {
      out.add(new Entry(e.at(), e.source(), e.text()));
    }
    if (situation.resolvedAt() != null && !situation.isOpen()) {
      out.add(
          new Entry(
              situation.resolvedAt(),
              "precursor",
              "Situation resolved: signals back within baseline"));
    }
    out.sort(Comparator.comparing(Entry::at));
    return out;
  }

  static String shortCommit(String commit) {
    return commit.length() > 12 && commit.matches("[0-9a-f]+") ? commit.substring(0, 12) : commit;
  }

  /** The evidence of a hypothesis as one line each. */
  static String evidenceLine(Evidence e) {
    StringBuilder sb = new StringBuilder(e.summary().strip());
    List<String> details = new ArrayList<>();
    if (e.series() != null && !e.summary().contains(e.series())) {
      details.add(e.series());
    }
    if (e.at() != null) {
      details.add(Formats.dateTime(e.at()));
    }
    if (e.value() != null && !Double.isNaN(e.value())) {
      details.add("value " + Formats.number(e.value()));
    }
    if (!details.isEmpty()) {
      sb.append(" (").append(String.join(", ", details)).append(')');
    }
    return sb.toString();
  }
}
