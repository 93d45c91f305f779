package dev.precursor.grafana.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.engine.EngineClient.Listed;
import dev.precursor.grafana.engine.EngineException;
import dev.precursor.grafana.engine.EngineModel.Prediction;
import dev.precursor.grafana.engine.EngineModel.Situation;
import dev.precursor.grafana.frame.Field;
import dev.precursor.grafana.frame.Frame;
import dev.precursor.grafana.frame.FrameMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * {@code risk}: one time series per service, the incident risk at each sample time = the highest
 * confidence among the service's active predictions — for each situation the latest prediction
 * raised at or before that time, until the situation resolves; 0 when none is active. Frames are
 * {@code timeseries-multi} (typed, float64, labels {@code service}) so alert rules can use them.
 */
final class RiskQuery implements QueryHandler {
  /** How far before the range predictions are read, so ones raised earlier still count. */
  static final Duration LOOKBACK = Duration.ofHours(24);

  /** Situations looked up one by one when the list did not contain them. */
  static final int MAX_SITUATION_LOOKUPS = 20;

  @Override
  public List<Frame> run(EngineClient engine, QueryModel query, QueryWindow window) {
    Instant readFrom = window.from().minus(LOOKBACK);
    Listed<Prediction> listed =
        engine.predictions(readFrom, window.to(), query.engineServiceFilter());
    List<Prediction> preds = new ArrayList<>();
    for (Prediction p : listed.items()) {
      if (query.includes(p.service()) && query.passes(p.confidence())) {
        preds.add(p);
      }
    }
    List<String> notices = new ArrayList<>();
    if (listed.truncated()) {
      notices.add("more predictions than the plugin reads at once; risk may be incomplete");
    }
    Map<String, Instant> resolved = resolvedAt(engine, preds, readFrom, window.to());

    Set<String> services = new TreeSet<>(query.services());
    if (services.isEmpty()) {
      preds.forEach(p -> services.add(p.service()));
      try {
        engine.services().nodes().forEach(n -> services.add(n.service()));
      } catch (EngineException e) {
        notices.add("services without predictions are missing: " + e.getMessage());
      }
    }
    String executed = listed.request();
    List<Instant> samples = window.samples();
    List<Frame> frames = new ArrayList<>();
    for (String service : services) {
      List<Prediction> own = preds.stream().filter(p -> p.service().equals(service)).toList();
      ObjectNode config = FrameMeta.config(service, "percentunit");
      config.put("min", 0).put("max", 1);
      ObjectNode meta = FrameMeta.typed("timeseries-multi", executed);
      notices.forEach(n -> FrameMeta.notice(meta, "warning", n));
      frames.add(
          new Frame(
              "risk",
              meta,
              List.of(
                  Field.time("time", samples),
                  Field.float64(
                      "risk",
                      Map.of("service", service),
                      config,
                      sample(own, resolved, samples)))));
    }
    if (frames.isEmpty()) {
      ObjectNode meta = FrameMeta.typed("timeseries-multi", executed);
      notices.forEach(n -> FrameMeta.notice(meta, "warning", n));
      frames.add(new Frame("risk", meta, List.of()));
    }
    return frames;
  }

  /** Resolution times of the predictions' situations (absent = still open or unknown). */
  private static Map<String, Instant> resolvedAt(
      EngineClient engine, List<Prediction> preds, Instant from, Instant to) {
    Set<String> wanted = new LinkedHashSet<>();
    preds.forEach(
        p -> {
          if (!p.situationId().isEmpty()) {
            wanted.add(p.situationId());
          }
        });
    Map<String, Instant> out = new HashMap<>();
    if (wanted.isEmpty()) {
      return out;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Situation s : engine.situations(from, to).items()) {
      seen.add(s.id());
      if (s.resolvedAt() != null) {
        out.put(s.id(), s.resolvedAt());
      }
    }
    int lookups = 0;
    for (String id : wanted) {
      if (seen.contains(id) || lookups++ >= MAX_SITUATION_LOOKUPS) {
        continue;
      }
      engine.situation(id).map(Situation::resolvedAt).ifPresent(t -> out.put(id, t));
    }
    return out;
  }

  /**
   * The risk of one service at each sample time (samples ascending).
   *
   * @param preds the service's predictions, any order
   * @param resolvedAt situation id → time it resolved
   */
  static List<Double> sample(
      List<Prediction> preds, Map<String, Instant> resolvedAt, List<Instant> samples) {
    List<Prediction> sorted =
        preds.stream().sorted(Comparator.comparing(Prediction::raisedAt)).toList();
    Map<String, Prediction> latest = new HashMap<>();
    List<Double> out = new ArrayList<>(samples.size());
    int next = 0;
    for (Instant t : samples) {
      while (next < sorted.size() && !sorted.get(next).raisedAt().isAfter(t)) {
        Prediction p = sorted.get(next++);
        latest.put(key(p), p);
      }
      double risk = 0;
      for (Map.Entry<String, Prediction> e : latest.entrySet()) {
        @Nullable Instant end = resolvedAt.get(e.getValue().situationId());
        if (end == null || end.isAfter(t)) {
          risk = Math.max(risk, e.getValue().confidence());
        }
      }
      out.add(risk);
    }
    return out;
  }

  private static String key(Prediction p) {
    return p.situationId().isEmpty() ? "prediction:" + p.id() : p.situationId();
  }
}
