package dev.precursor.rca;

import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.Evidence;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.ServiceGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Root-cause hypotheses for a live situation: every service with an anomaly is a candidate, scored
 * on five kinds of evidence, each reported as {@link Evidence}:
 *
 * <ul>
 *   <li><b>onset order</b> (weight 0.30): the cause changes before its symptoms;
 *   <li><b>graph position</b> (0.20): a cause has no anomalous callee of its own while its callers
 *       are anomalous (the deepest anomalous service on the call path);
 *   <li><b>deploy or config change</b> (0.25): a change of the service shortly before its onset
 *       ("started 8 min after deploy v2.3.1 of cache"), decaying over the hour;
 *   <li><b>resource signals</b> (0.10): memory, CPU, pools, threads, GC or disk moved (latency and
 *       errors are more often symptoms);
 *   <li><b>similar past incidents</b> (0.15): a similar incident had its root cause in this
 *       service.
 * </ul>
 *
 * Confidences are the candidates' shares of the total score, with some mass kept for "none of
 * these"; best first. The top hypothesis also lists the red herrings ruled out: later anomalies of
 * its callers and deploys of services that show no anomaly.
 */
public final class LiveRca {
  static final Duration DEPLOY_LOOKBACK = Duration.ofHours(2);
  private static final double W_EARLY = 0.30;
  private static final double W_GRAPH = 0.20;
  private static final double W_DEPLOY = 0.25;
  private static final double W_RESOURCE = 0.10;
  private static final double W_HISTORY = 0.15;
  private static final double UNEXPLAINED = 0.25;

  private LiveRca() {}

  /** A past incident's verdict: its root-cause service and how similar it is. */
  public record PastCause(String incidentId, String title, String service, double similarity) {}

  /**
   * Ranks the candidate root causes of a situation.
   *
   * @param anomalies the situation's anomalies (latest state per series)
   * @param graph the current dependency graph (may be empty)
   * @param deploys deploys and config changes around the situation (any service)
   * @param pastCauses root causes of similar past incidents
   */
  public static List<Hypothesis> rank(
      List<Anomaly> anomalies,
      ServiceGraph graph,
      List<Deploy> deploys,
      List<PastCause> pastCauses) {
    if (anomalies.isEmpty()) {
      return List.of();
    }
    Map<String, List<Anomaly>> byService = new LinkedHashMap<>();
    for (Anomaly a : anomalies) {
      byService.computeIfAbsent(a.service(), k -> new ArrayList<>()).add(a);
    }
    Instant first = anomalies.stream().map(Anomaly::onset).min(Comparator.naturalOrder()).get();
    Instant last = anomalies.stream().map(Anomaly::onset).max(Comparator.naturalOrder()).get();
    long span = Math.max(60_000L, last.toEpochMilli() - first.toEpochMilli());
    Set<String> anomalous = byService.keySet();
    Set<String> known = knownServices(graph);

    List<Scored> scored = new ArrayList<>();
    for (Map.Entry<String, List<Anomaly>> e : byService.entrySet()) {
      String s = e.getKey();
      List<Anomaly> as = new ArrayList<>(e.getValue());
      as.sort(Comparator.comparing(Anomaly::onset));
      Anomaly earliest = as.get(0);
      List<Evidence> ev = new ArrayList<>();
      double score = 0;

      double lag = (earliest.onset().toEpochMilli() - first.toEpochMilli()) / (double) span;
      double early = 1 - Math.min(1, Math.max(0, lag));
      score += W_EARLY * early;
      as.stream()
          .sorted(Comparator.comparingDouble(Anomaly::score).reversed())
          .limit(3)
          .forEach(a -> ev.add(anomalyEvidence(a, first)));

      double graphScore = 0.5;
      if (known.contains(s)) {
        List<String> badCallees =
            graph.callees(s).stream().filter(anomalous::contains).distinct().toList();
        List<String> badCallers =
            graph.callers(s).stream().filter(anomalous::contains).distinct().toList();
        if (badCallees.isEmpty()) {
          graphScore = badCallers.isEmpty() ? 0.7 : 1.0;
          ev.add(
              new Evidence(
                  "graph",
                  null,
                  null,
                  null,
                  (graph.callees(s).isEmpty()
                          ? s + " calls no other service"
                          : s + "'s dependencies " + graph.callees(s) + " show no anomaly")
                      + (badCallers.isEmpty()
                          ? ""
                          : "; its callers "
                              + badCallers
                              + " are anomalous too (downstream impact)")));
        } else {
          graphScore = 0.15;
          ev.add(
              new Evidence(
                  "graph",
                  null,
                  null,
                  null,
                  s + " calls " + badCallees + ", which are anomalous: more likely a symptom"));
        }
      }
      score += W_GRAPH * graphScore;

      Deploy change = latestChange(deploys, s, earliest.onset());
      String cause = describeSignal(earliest);
      if (change != null) {
        Duration age = Duration.between(change.at(), earliest.onset());
        double decay = Math.exp(-age.toMinutes() / 60.0);
        score += W_DEPLOY * decay;
        ev.add(
            new Evidence(
                change.kind().wire(),
                null,
                change.at(),
                null,
                "started "
                    + human(age)
                    + " after "
                    + change.kind().wire()
                    + " "
                    + change.version()
                    + " of "
                    + s));
        cause = cause + " after " + change.kind().wire() + " " + change.version();
      }

      boolean resource = as.stream().anyMatch(a -> MetricRole.of(a.series().metric()).isResource());
      if (resource) {
        score += W_RESOURCE;
      }

      double history = 0;
      for (PastCause pc : pastCauses) {
        if (pc.service().equals(s) && pc.similarity() > history) {
          history = pc.similarity();
          ev.add(
              new Evidence(
                  "similar-incident",
                  null,
                  null,
                  pc.similarity(),
                  "similar past incident '"
                      + pc.title()
                      + "' ("
                      + pc.incidentId()
                      + ", similarity "
                      + String.format(Locale.ROOT, "%.2f", pc.similarity())
                      + ") had its root cause in "
                      + s));
        }
      }
      score += W_HISTORY * history;
      double maxScore = as.stream().mapToDouble(Anomaly::score).max().orElse(0);
      score += 0.02 * maxScore;
      scored.add(new Scored(s, cause, score, ev, earliest.onset()));
    }
    scored.sort(
        Comparator.comparingDouble(Scored::score)
            .reversed()
            .thenComparing(Scored::onset)
            .thenComparing(Scored::service));
    double total = UNEXPLAINED;
    for (Scored s : scored) {
      total += s.score();
    }
    List<Hypothesis> out = new ArrayList<>();
    for (int i = 0; i < scored.size(); i++) {
      Scored s = scored.get(i);
      List<Evidence> ev = new ArrayList<>(s.evidence());
      if (i == 0) {
        ev.addAll(ruledOut(s, scored, graph, deploys, anomalous, first));
      }
      double conf = Math.round(s.score() / total * 1000) / 1000.0;
      out.add(new Hypothesis(s.service(), s.cause(), conf, ev));
    }
    return out;
  }

  private static List<Evidence> ruledOut(
      Scored top,
      List<Scored> all,
      ServiceGraph graph,
      List<Deploy> deploys,
      Set<String> anomalous,
      Instant first) {
    List<Evidence> out = new ArrayList<>();
    for (Scored other : all) {
      if (other == top || !other.onset().isAfter(top.onset())) {
        continue;
      }
      boolean caller = graph.callees(other.service()).contains(top.service());
      out.add(
          new Evidence(
              "ruled-out",
              null,
              other.onset(),
              null,
              other.service()
                  + ": its anomaly began "
                  + human(Duration.between(top.onset(), other.onset()))
                  + " after "
                  + top.service()
                  + "'s"
                  + (caller ? " and it calls " + top.service() + " (a symptom)" : "")));
    }
    Set<String> seen = new HashSet<>();
    for (Deploy d : deploys) {
      if (!anomalous.contains(d.service())
          && !d.at().isAfter(first)
          && Duration.between(d.at(), first).compareTo(DEPLOY_LOOKBACK) <= 0
          && seen.add(d.service() + d.version())) {
        out.add(
            new Evidence(
                "ruled-out",
                null,
                d.at(),
                null,
                d.kind().wire()
                    + " "
                    + d.version()
                    + " of "
                    + d.service()
                    + " "
                    + human(Duration.between(d.at(), first))
                    + " before the first anomaly: "
                    + d.service()
                    + " shows no anomaly"));
      }
    }
    return out;
  }

  /** The latest deploy or config change of {@code service} in the lookback before {@code onset}. */
  public static @Nullable Deploy latestChange(List<Deploy> deploys, String service, Instant onset) {
    Deploy best = null;
    for (Deploy d : deploys) {
      if (d.service().equals(service)
          && !d.at().isAfter(onset)
          && Duration.between(d.at(), onset).compareTo(DEPLOY_LOOKBACK) <= 0
          && (best == null || d.at().isAfter(best.at()))) {
        best = d;
      }
    }
    return best;
  }

  private static Evidence anomalyEvidence(Anomaly a, Instant first) {
    String when =
        a.onset().equals(first)
            ? "first anomaly of the situation"
            : human(Duration.between(first, a.onset())) + " after the first anomaly";
    return new Evidence(
        "anomaly",
        a.series().id(),
        a.onset(),
        a.value(),
        String.format(
            Locale.ROOT,
            "%s %s: %s vs baseline %s (score %.2f); %s",
            a.series().metric(),
            a.direction() == dev.precursor.model.Direction.UP ? "rising" : "falling",
            num(a.value()),
            num(a.baseline()),
            a.score(),
            when));
  }

  private static String describeSignal(Anomaly a) {
    String dir = a.direction() == dev.precursor.model.Direction.UP ? "rising" : "falling";
    return MetricRole.of(a.series().metric()).label()
        + " "
        + dir
        + " ("
        + a.series().metric()
        + ")";
  }

  private static Set<String> knownServices(ServiceGraph g) {
    Set<String> known = new HashSet<>();
    g.nodes().forEach(n -> known.add(n.service()));
    g.edges()
        .forEach(
            e -> {
              known.add(e.from());
              known.add(e.to());
            });
    return known;
  }

  /** "8 min", "45 s", "2 h 5 min". */
  public static String human(Duration d) {
    long s = Math.abs(d.toSeconds());
    if (s < 90) {
      return s + " s";
    }
    long m = Math.round(s / 60.0);
    if (m < 90) {
      return m + " min";
    }
    return (m / 60) + " h " + (m % 60) + " min";
  }

  static String num(double v) {
    if (!Double.isFinite(v)) {
      return String.valueOf(v);
    }
    double abs = Math.abs(v);
    if (abs >= 1e9) {
      return String.format(Locale.ROOT, "%.2fG", v / 1e9);
    }
    if (abs >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (abs >= 1e4) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private record Scored(
      String service, String cause, double score, List<Evidence> evidence, Instant onset) {}
}
