package dev.precursor.predict;

import dev.precursor.detect.Forecast;
import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.RootCause;
import dev.precursor.model.ServiceGraph;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Tier;
import dev.precursor.rca.LiveRca;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a situation's precursor signature into a {@link Prediction}.
 *
 * <p><b>Confidence.</b> The raw confidence is the best past match's signature similarity (square
 * root, so a partial match already counts), times a corroboration term: 0.7, plus 0.1 each when the
 * live situation agrees with the match on a recent deploy or config change, when a live
 * trend-to-limit forecast says a limit will be crossed, and when three or more series moved. It is
 * then scaled by three calibration factors — <i>recency</i> of the matched incident (0.9–1.0,
 * half-life about four months), <i>version drift</i> of its root-cause service since (−1% per
 * deploy since the incident, at most −15%), <i>condition similarity</i> (1.0 when the live
 * root-cause candidate is a service of the past incident, else 0.9) — and finally recalibrated per
 * pattern from feedback ({@link Calibrator}).
 *
 * <p><b>Time to impact.</b> The earliest live forecast of a limit crossing among the situation's
 * series; without one, the first onset plus the matched incident's lead time (or the live deploy
 * plus its deploy-to-impact time).
 *
 * <p>Without a past match at {@code minSimilarity} but with a live forecast, a log-tier "trend to
 * limit" prediction is made (nothing was seen before, so confidence stays at most 0.6); with
 * neither, none.
 */
public final class Predictor {
  static final double INTERCEPT = -3.0;
  static final double W_SIMILARITY = 4.0;
  static final double W_DEPLOY = 0.8;
  static final double W_FORECAST = 0.8;
  static final double W_BROAD = 0.6;
  static final double W_CONSENSUS = 0.7;

  private final double alertFrom;
  private final double watchFrom;
  private final double minSimilarity;
  private final Calibrator calibrator;

  public Predictor(
      double alertFrom, double watchFrom, double minSimilarity, Calibrator calibrator) {
    this.alertFrom = alertFrom;
    this.watchFrom = watchFrom;
    this.minSimilarity = minSimilarity;
    this.calibrator = calibrator;
  }

  public Calibrator calibrator() {
    return calibrator;
  }

  /** Everything the predictor looks at for one situation. */
  public record Input(
      String situationId,
      List<Anomaly> anomalies,
      List<Hypothesis> hypotheses,
      ServiceGraph graph,
      List<Deploy> deploys,
      List<Forecast> forecasts,
      List<PastMatch> matches,
      int deploysSinceMatch) {
    public Input {
      anomalies = List.copyOf(anomalies);
      hypotheses = List.copyOf(hypotheses);
      deploys = List.copyOf(deploys);
      forecasts = List.copyOf(forecasts);
      matches = List.copyOf(matches);
    }
  }

  /** A prediction and the factors behind its confidence (for the timeline and the docs). */
  public record Outcome(Prediction prediction, String explanation) {}

  /**
   * Predicts for one situation; empty when there is nothing to predict.
   *
   * @param id the prediction id to use
   */
  public Optional<Outcome> predict(Input in, String id) {
    if (in.anomalies().isEmpty()) {
      return Optional.empty();
    }
    Instant raisedAt =
        in.anomalies().stream().map(Anomaly::at).max(Comparator.naturalOrder()).orElseThrow();
    Instant firstOnset =
        in.anomalies().stream().map(Anomaly::onset).min(Comparator.naturalOrder()).orElseThrow();
    Hypothesis top = in.hypotheses().isEmpty() ? null : in.hypotheses().get(0);
    String rootService = top == null ? in.anomalies().get(0).service() : top.service();
    Deploy change = LiveRca.latestChange(in.deploys(), rootService, firstOnset);
    Forecast soonest =
        in.forecasts().stream().min(Comparator.comparing(Forecast::expected)).orElse(null);
    List<PastMatch> matches =
        in.matches().stream().filter(m -> m.similarity() >= minSimilarity).toList();
    String impact = impactService(in.anomalies(), in.graph(), rootService);

    if (matches.isEmpty()) {
      if (soonest == null) {
        return Optional.empty();
      }
      double conf = Math.min(0.6, 0.4 + 0.2 * in.anomalies().size() / 5.0);
      conf = round(calibrator.calibrate("trend to limit", conf));
      Prediction p =
          new Prediction(
              id,
              in.situationId(),
              impact,
              Tier.of(conf, alertFrom, watchFrom),
              conf,
              raisedAt,
              soonest.expected(),
              "trend to limit",
              List.of(),
              rootCause(top, change),
              "Watch "
                  + soonest.series().metric()
                  + " of "
                  + soonest.series().service()
                  + ": at its current slope it reaches "
                  + fmt(soonest.limit())
                  + " around "
                  + soonest.expected()
                  + "; no similar past incident is known.",
              "open");
      return Optional.of(new Outcome(p, "no similar past incident; live forecast only"));
    }

    PastMatch best = matches.get(0);
    boolean deployAgrees = change != null && best.deployToImpact() != null;
    boolean forecastAgrees = soonest != null;
    long seriesCount = in.anomalies().stream().map(a -> a.series().id()).distinct().count();
    boolean broad = seriesCount >= 3;
    long sameFamily = matches.stream().filter(m -> m.pattern().equals(best.pattern())).count();
    boolean consensus = sameFamily >= 2;
    // evidence combined in log-odds: the signature match, then each independent corroboration
    double logit =
        INTERCEPT
            + W_SIMILARITY * best.similarity()
            + (deployAgrees ? W_DEPLOY : 0)
            + (forecastAgrees ? W_FORECAST : 0)
            + (broad ? W_BROAD : 0)
            + (consensus ? W_CONSENSUS : 0);
    double corroboration = logit - INTERCEPT - W_SIMILARITY * best.similarity();

    double recency = 0;
    if (best.occurredAt() != null) {
      double ageDays = Math.max(0, Duration.between(best.occurredAt(), raisedAt).toHours() / 24.0);
      recency = -0.3 * (1 - Math.exp(-ageDays / 365.0));
    } else {
      recency = -0.15;
    }
    double drift = -0.02 * Math.min(15, in.deploysSinceMatch());
    Set<String> pastServices = new java.util.HashSet<>(best.services());
    if (best.rootCauseService() != null) {
      pastServices.add(best.rootCauseService());
    }
    double conditions = pastServices.contains(rootService) ? 0 : -0.3;
    double beforeFeedback =
        Math.min(0.99, 1 / (1 + Math.exp(-(logit + recency + drift + conditions))));
    double conf = round(calibrator.calibrate(best.pattern(), beforeFeedback));

    Instant expectedAt = null;
    if (soonest != null) {
      expectedAt = soonest.expected();
    } else if (best.leadTime() != null) {
      expectedAt = firstOnset.plus(best.leadTime());
    } else if (change != null && best.deployToImpact() != null) {
      expectedAt = change.at().plus(best.deployToImpact());
    }
    if (expectedAt != null && expectedAt.isBefore(raisedAt)) {
      expectedAt = raisedAt;
    }

    List<SimilarIncident> similar = new ArrayList<>();
    for (PastMatch m : matches.subList(0, Math.min(5, matches.size()))) {
      similar.add(m.toSimilarIncident());
    }
    String action = action(rootService, change, firstOnset, best);
    Prediction p =
        new Prediction(
            id,
            in.situationId(),
            impact,
            Tier.of(conf, alertFrom, watchFrom),
            conf,
            raisedAt,
            expectedAt,
            best.pattern(),
            similar,
            rootCause(top, change),
            action,
            "open");
    String explanation =
        String.format(
            Locale.ROOT,
            "similarity %.2f to '%s'; corroboration %+.1f log-odds (deploy %s, forecast %s, %d"
                + " series, %d of %d matches '%s'); recency %+.2f, version drift %+.2f, conditions"
                + " %+.2f; %.3f before feedback, %.3f after",
            best.similarity(),
            best.title(),
            corroboration,
            deployAgrees ? "yes" : "no",
            forecastAgrees ? "yes" : "no",
            seriesCount,
            sameFamily,
            matches.size(),
            best.pattern(),
            recency,
            drift,
            conditions,
            beforeFeedback,
            conf);
    return Optional.of(new Outcome(p, explanation));
  }

  private static @Nullable RootCause rootCause(@Nullable Hypothesis top, @Nullable Deploy change) {
    if (top == null) {
      return null;
    }
    String kind = change != null ? change.kind().wire() : resourceKind(top.cause());
    return new RootCause(top.service(), kind, top.service() + ": " + top.cause());
  }

  private static String resourceKind(String cause) {
    String c = cause.toLowerCase(Locale.ROOT);
    if (c.startsWith("latency") || c.startsWith("errors") || c.startsWith("traffic")) {
      return "dependency";
    }
    return "resource";
  }

  private static String action(
      String rootService, @Nullable Deploy change, Instant firstOnset, PastMatch best) {
    StringBuilder sb = new StringBuilder();
    if (change != null) {
      sb.append("Roll back ")
          .append(rootService)
          .append(' ')
          .append(change.version())
          .append(" (")
          .append(change.kind().wire())
          .append(' ')
          .append(LiveRca.human(Duration.between(change.at(), firstOnset)))
          .append(" before the first anomaly)");
    } else {
      sb.append("Check ").append(rootService);
    }
    if (!best.resolution().isBlank()) {
      sb.append(". In '").append(best.title()).append("' the fix was: ").append(best.resolution());
    }
    return sb.toString();
  }

  /** Where impact is expected: the anomalous service nobody anomalous calls (the entry point). */
  static String impactService(List<Anomaly> anomalies, ServiceGraph graph, String rootService) {
    Set<String> services = new java.util.LinkedHashSet<>();
    anomalies.forEach(a -> services.add(a.service()));
    String best = rootService;
    int bestDepth = -1;
    for (String s : services) {
      boolean calledByAnomalous =
          graph.callers(s).stream().anyMatch(c -> services.contains(c) && !c.equals(s));
      if (calledByAnomalous) {
        continue;
      }
      int depth = depthTo(graph, s, rootService);
      if (depth > bestDepth) {
        bestDepth = depth;
        best = s;
      }
    }
    return best;
  }

  private static int depthTo(ServiceGraph graph, String from, String to) {
    if (from.equals(to)) {
      return 0;
    }
    java.util.ArrayDeque<String> q = new java.util.ArrayDeque<>();
    java.util.Map<String, Integer> d = new java.util.HashMap<>();
    q.add(from);
    d.put(from, 0);
    while (!q.isEmpty()) {
      String s = q.poll();
      for (String c : graph.callees(s)) {
        if (!d.containsKey(c)) {
          d.put(c, d.get(s) + 1);
          if (c.equals(to)) {
            return d.get(c);
          }
          q.add(c);
        }
      }
    }
    return -1;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.3g", v);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
