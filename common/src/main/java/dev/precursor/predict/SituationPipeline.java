package dev.precursor.predict;

import dev.precursor.correlate.Correlator;
import dev.precursor.correlate.MaintenanceWindow;
import dev.precursor.correlate.SituationDetail;
import dev.precursor.correlate.SituationEvent;
import dev.precursor.correlate.SituationStore;
import dev.precursor.detect.AnomalyListener;
import dev.precursor.detect.Forecast;
import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.ServiceGraph;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Situation;
import dev.precursor.model.SituationListener;
import dev.precursor.model.Tier;
import dev.precursor.rca.LiveRca;
import dev.precursor.store.DeployStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The live path from anomalies to situations and predictions: listens to the scorer's anomalies,
 * groups them ({@link Correlator}), ranks root causes ({@link LiveRca}), matches the precursor
 * signature against past incidents and predicts ({@link Predictor}), stores situations and
 * predictions, and tells the {@link SituationListener} on every material change: opened, a new
 * service, a new top hypothesis, a new prediction or tier, resolved.
 *
 * <p>Runs on the caller's (ingest) thread; anomalies are rare events, and the work per event is a
 * few in-memory computations and two small writes. Calls are serialised. Feedback labels
 * recalibrate the predictor per pattern at once ({@link #feedback}).
 */
public final class SituationPipeline implements AnomalyListener {
  private static final Logger LOG = Logger.getLogger(SituationPipeline.class.getName());

  /** Tuning of correlation and prediction (from configuration). */
  public record Settings(
      Duration window,
      int maxHops,
      List<MaintenanceWindow> maintenance,
      double alertConfidence,
      double watchConfidence,
      double minSimilarity) {
    public Settings {
      maintenance = List.copyOf(maintenance);
    }

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(15), 2, List.of(), 0.85, 0.70, 0.3);
    }

    /**
     * The settings of a configuration: {@code correlate.*} and {@code prediction.*}.
     *
     * @throws dev.precursor.ConfigException on a malformed maintenance window
     */
    public static Settings from(dev.precursor.config.PrecursorConfig config) {
      return new Settings(
          config.duration("correlate.window"),
          config.integer("correlate.max-hops"),
          MaintenanceWindow.parseAll(config.list("correlate.maintenance-windows")),
          config.number("prediction.alert-confidence"),
          config.number("prediction.watch-confidence"),
          config.number("prediction.min-similarity"));
    }
  }

  private final Correlator correlator;
  private final Predictor predictor;
  private final SituationStore situations;
  private final PredictionStore predictions;
  private final DeployStore deploys;
  private final Supplier<ServiceGraph> graph;
  private final PastIncidents past;
  private final Function<SeriesKey, Optional<Forecast>> forecasts;
  private final SituationListener publisher;
  private final Map<String, Live> live = new HashMap<>();

  public SituationPipeline(
      Settings settings,
      SituationStore situations,
      PredictionStore predictions,
      DeployStore deploys,
      Supplier<ServiceGraph> graph,
      PastIncidents past,
      Function<SeriesKey, Optional<Forecast>> forecasts,
      SituationListener publisher) {
    this.correlator = new Correlator(settings.window(), settings.maxHops(), settings.maintenance());
    this.predictor =
        new Predictor(
            settings.alertConfidence(),
            settings.watchConfidence(),
            settings.minSimilarity(),
            new Calibrator());
    this.situations = Objects.requireNonNull(situations, "situations");
    this.predictions = Objects.requireNonNull(predictions, "predictions");
    this.deploys = Objects.requireNonNull(deploys, "deploys");
    this.graph = Objects.requireNonNull(graph, "graph");
    this.past = Objects.requireNonNull(past, "past");
    this.forecasts = Objects.requireNonNull(forecasts, "forecasts");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    Map<String, List<Feedback>> byPattern = new TreeMap<>();
    for (Feedback f : predictions.allFeedback()) {
      byPattern.computeIfAbsent(f.pattern(), k -> new ArrayList<>()).add(f);
    }
    byPattern.forEach((p, fs) -> predictor.calibrator().refit(p, fs));
  }

  /** What is tracked per open situation between events. */
  private static final class Live {
    final List<SituationEvent> timeline = new ArrayList<>();
    final Set<String> services = new LinkedHashSet<>();
    @Nullable String topService;
    @Nullable String predictionId;
    @Nullable String pattern;
    @Nullable Tier tier;
    long analysedAt = Long.MIN_VALUE;
  }

  /**
   * Updates of anomalies already in a situation are re-analysed at most this often (event time).
   */
  private static final long REANALYSE_MS = 60_000L;

  @Override
  public synchronized void onAnomaly(Anomaly anomaly) {
    try {
      for (Correlator.Event e : correlator.onAnomaly(anomaly, graph.get())) {
        handle(e, anomaly);
      }
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "situation update failed for " + anomaly.series(), ex);
    }
  }

  @Override
  public synchronized void onRecovered(SeriesKey series, long epochMillis) {
    try {
      for (Correlator.Event e : correlator.onRecovered(series, epochMillis)) {
        handle(e, null);
      }
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "situation update failed on recovery of " + series, ex);
    }
  }

  /** Records a deploy on the timeline of open situations of that service. */
  public synchronized void onDeploy(Deploy d) {
    for (Correlator.Group g : correlator.openGroups()) {
      Live l = live.get(g.id());
      if (l != null && g.services().contains(d.service())) {
        l.timeline.add(
            new SituationEvent(
                d.at(),
                "deploy",
                d.kind().wire()
                    + " "
                    + d.version()
                    + " of "
                    + d.service()
                    + " ("
                    + d.source()
                    + ")"));
      }
    }
  }

  private void handle(Correlator.Event e, @Nullable Anomaly trigger) {
    Correlator.Group g = e.group();
    Live l = live.computeIfAbsent(g.id(), k -> new Live());
    if (e.change() == Correlator.Change.UPDATED
        && trigger != null
        && trigger.at().toEpochMilli() - l.analysedAt < REANALYSE_MS) {
      return;
    }
    if (trigger != null) {
      l.analysedAt = Math.max(l.analysedAt, trigger.at().toEpochMilli());
    }
    boolean material = false;
    switch (e.change()) {
      case OPENED -> {
        material = true;
        if (trigger != null) {
          l.timeline.add(
              new SituationEvent(trigger.onset(), "opened", "first anomaly: " + describe(trigger)));
        }
      }
      case GREW -> {
        if (trigger != null) {
          l.timeline.add(new SituationEvent(trigger.onset(), "anomaly", describe(trigger)));
        }
      }
      case UPDATED, RESOLVED -> {}
    }
    List<Anomaly> anomalies = g.anomalies();
    Instant first = g.openedAt();
    Instant latest =
        anomalies.stream().map(Anomaly::at).max(Comparator.naturalOrder()).orElse(first);
    List<Deploy> around =
        deploys
            .list(first.minus(Duration.ofHours(2)), latest.plusMillis(1), null, 500, null)
            .items();
    Set<String> services = g.services();
    if (l.services.addAll(services) && e.change() != Correlator.Change.OPENED) {
      material = true;
    }
    Duration deployAge = null;
    for (Deploy d : around) {
      if (services.contains(d.service()) && !d.at().isAfter(latest)) {
        Duration age = Duration.between(d.at(), latest);
        if (deployAge == null || age.compareTo(deployAge) < 0) {
          deployAge = age;
        }
      }
    }
    List<PastMatch> matches = past.match(anomalies, deployAge, 5);
    List<LiveRca.PastCause> causes = new ArrayList<>();
    for (PastMatch m : matches) {
      if (m.rootCauseService() != null) {
        causes.add(new LiveRca.PastCause(m.id(), m.title(), m.rootCauseService(), m.similarity()));
      }
    }
    ServiceGraph sg = graph.get();
    List<Hypothesis> hypotheses = LiveRca.rank(anomalies, sg, around, causes);
    if (!hypotheses.isEmpty()) {
      Hypothesis top = hypotheses.get(0);
      if (!top.service().equals(l.topService)) {
        if (l.topService != null) {
          material = true;
        }
        l.topService = top.service();
        l.timeline.add(
            new SituationEvent(
                latest,
                "hypothesis",
                String.format(
                    Locale.ROOT,
                    "most probable root cause: %s — %s (confidence %.2f)",
                    top.service(),
                    top.cause(),
                    top.confidence())));
      }
    }
    List<Forecast> fc = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Anomaly a : anomalies) {
      if (seen.add(a.series().id())) {
        forecasts.apply(a.series()).ifPresent(fc::add);
      }
    }
    int deploysSince = 0;
    if (!matches.isEmpty()
        && matches.get(0).occurredAt() != null
        && matches.get(0).rootCauseService() != null) {
      deploysSince =
          deploys
              .list(
                  matches.get(0).occurredAt(),
                  latest,
                  matches.get(0).rootCauseService(),
                  1000,
                  null)
              .items()
              .size();
    }
    String pid = l.predictionId == null ? "pred-" + UUID.randomUUID() : l.predictionId;
    Optional<Predictor.Outcome> outcome =
        predictor.predict(
            new Predictor.Input(
                g.id(), anomalies, hypotheses, sg, around, fc, matches, deploysSince),
            pid);
    Prediction prediction = null;
    if (outcome.isPresent()) {
      prediction = outcome.get().prediction();
      if (l.predictionId != null && !prediction.pattern().equals(l.pattern)) {
        Optional<Prediction> old = predictions.get(l.predictionId);
        old.ifPresent(o -> predictions.save(withState(o, "superseded")));
        pid = "pred-" + UUID.randomUUID();
        prediction = withId(prediction, pid);
        l.predictionId = null;
      }
      if (l.predictionId == null) {
        material = true;
        l.timeline.add(
            new SituationEvent(
                prediction.raisedAt(),
                "prediction",
                describe(prediction) + " — " + outcome.get().explanation()));
      } else {
        Prediction stored = predictions.get(l.predictionId).orElse(null);
        if (stored != null) {
          // keep the first raise time of this prediction; tier changes go on the timeline
          prediction = withRaisedAt(prediction, stored.raisedAt());
        }
        if (prediction.tier() != l.tier) {
          material = true;
          l.timeline.add(
              new SituationEvent(
                  latest,
                  "tier",
                  "prediction now "
                      + prediction.tier().wire()
                      + " tier: "
                      + describe(prediction)
                      + " — "
                      + outcome.get().explanation()));
        }
      }
      l.predictionId = pid;
      l.pattern = prediction.pattern();
      l.tier = prediction.tier();
    } else if (l.predictionId != null) {
      prediction = predictions.get(l.predictionId).orElse(null);
    }
    boolean resolved = e.change() == Correlator.Change.RESOLVED;
    if (resolved) {
      material = true;
      l.timeline.add(
          new SituationEvent(
              Objects.requireNonNull(g.resolvedAt()),
              "resolved",
              "every signal returned to baseline"));
      if (prediction != null) {
        prediction = withState(prediction, "resolved");
      }
    }
    if (prediction != null) {
      predictions.save(prediction);
    }
    List<Deploy> relevant =
        around.stream()
            .filter(d -> services.contains(d.service()) && !d.at().isAfter(latest))
            .toList();
    Situation situation =
        new Situation(
            g.id(),
            resolved ? "resolved" : "open",
            first,
            g.resolvedAt(),
            List.copyOf(services),
            anomalies,
            hypotheses,
            relevant,
            situations.get(g.id()).map(d -> d.situation().tickets()).orElse(List.of()));
    List<SimilarIncident> similar = matches.stream().map(PastMatch::toSimilarIncident).toList();
    List<SituationEvent> timeline = new ArrayList<>(l.timeline);
    timeline.sort(Comparator.comparing(SituationEvent::at));
    situations.save(new SituationDetail(situation, similar, prediction, timeline, latest));
    if (resolved) {
      live.remove(g.id());
    }
    if (material) {
      publisher.onSituation(situation, prediction);
    }
  }

  /**
   * Labels a prediction and recalibrates its pattern.
   *
   * @return the pattern's new track record, empty when the prediction is unknown
   */
  public synchronized Optional<TrackRecord> feedback(
      String predictionId, FeedbackLabel label, @Nullable String note, Instant at) {
    Optional<Prediction> p = predictions.get(predictionId);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    predictions.addFeedback(
        new Feedback(
            "fb-" + UUID.randomUUID(),
            predictionId,
            p.get().pattern(),
            label,
            p.get().confidence(),
            at,
            note));
    return Optional.of(
        predictor.calibrator().refit(p.get().pattern(), predictions.feedback(p.get().pattern())));
  }

  /** Every pattern's track record (patterns with labels), by pattern name. */
  public Map<String, TrackRecord> trackRecords() {
    return new TreeMap<>(predictor.calibrator().records());
  }

  /** The calibrated confidence the predictor would now give a raw confidence of a pattern. */
  public double calibrated(String pattern, double raw) {
    return predictor.calibrator().calibrate(pattern, raw);
  }

  /** Anomalies dropped by maintenance windows so far. */
  public long suppressed() {
    return correlator.suppressed();
  }

  private static String describe(Anomaly a) {
    return String.format(
        Locale.ROOT,
        "%s %s %s (now %s, baseline %s, score %.2f)",
        a.service(),
        a.series().metric(),
        a.direction() == Direction.UP ? "rising" : "falling",
        trim(a.value()),
        trim(a.baseline()),
        a.score());
  }

  static String describe(Prediction p) {
    return String.format(
        Locale.ROOT,
        "%s at %s, confidence %.2f (%s)%s%s",
        p.pattern(),
        p.service(),
        p.confidence(),
        p.tier().wire(),
        p.expectedAt() == null
            ? ""
            : ", impact expected in "
                + LiveRca.human(Duration.between(p.raisedAt(), p.expectedAt()))
                + " ("
                + p.expectedAt()
                + ")",
        p.rootCause() == null ? "" : ", root cause " + p.rootCause().summary());
  }

  private static String trim(double v) {
    return Math.abs(v) >= 1e4 || v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.3g", v);
  }

  private static Prediction withState(Prediction p, String state) {
    return new Prediction(
        p.id(),
        p.situationId(),
        p.service(),
        p.tier(),
        p.confidence(),
        p.raisedAt(),
        p.expectedAt(),
        p.pattern(),
        p.similarIncidents(),
        p.rootCause(),
        p.recommendedAction(),
        state);
  }

  private static Prediction withId(Prediction p, String id) {
    return new Prediction(
        id,
        p.situationId(),
        p.service(),
        p.tier(),
        p.confidence(),
        p.raisedAt(),
        p.expectedAt(),
        p.pattern(),
        p.similarIncidents(),
        p.rootCause(),
        p.recommendedAction(),
        p.state());
  }

  private static Prediction withRaisedAt(Prediction p, Instant raisedAt) {
    return new Prediction(
        p.id(),
        p.situationId(),
        p.service(),
        p.tier(),
        p.confidence(),
        raisedAt,
        p.expectedAt(),
        p.pattern(),
        p.similarIncidents(),
        p.rootCause(),
        p.recommendedAction(),
        p.state());
  }
}
