package dev.precursor.grafana.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.engine.EngineClient.Listed;
import dev.precursor.grafana.engine.EngineModel.ScorePoint;
import dev.precursor.grafana.engine.EngineModel.ScoreSeries;
import dev.precursor.grafana.frame.Field;
import dev.precursor.grafana.frame.Frame;
import dev.precursor.grafana.frame.FrameMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code anomalies}: the engine's anomaly-score series ({@code GET /api/v1/scores}) for a service
 * and metric (all when absent), one {@code timeseries-multi} frame per series, labels {@code
 * service}, {@code metric} and the series attributes. More points than fit the panel are reduced to
 * the highest score per step, so a short spike is never averaged away.
 */
final class AnomalyScoresQuery implements QueryHandler {
  @Override
  public List<Frame> run(EngineClient engine, QueryModel query, QueryWindow window) {
    Listed<ScoreSeries> listed =
        engine.scores(query.engineServiceFilter(), query.metric(), window.from(), window.to());
    List<Frame> frames = new ArrayList<>();
    long step = window.step().toMillis();
    int maxPoints = (int) Math.min(Math.max(window.maxDataPoints(), 1), QueryWindow.MAX_POINTS);
    for (ScoreSeries s : listed.items()) {
      if (!query.includes(s.service()) || !metricMatches(query.metric(), s.metric())) {
        continue;
      }
      TreeMap<Instant, Double> pts = new TreeMap<>();
      for (ScorePoint p : s.points()) {
        if (!p.at().isBefore(window.from()) && !p.at().isAfter(window.to())) {
          pts.merge(p.at(), p.score(), Math::max);
        }
      }
      if (pts.size() > maxPoints) {
        TreeMap<Instant, Double> reduced = new TreeMap<>();
        pts.forEach(
            (t, v) ->
                reduced.merge(
                    Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), step) * step),
                    v,
                    Math::max));
        pts = reduced;
      }
      Map<String, String> labels = new LinkedHashMap<>(s.attributes());
      labels.put("service", s.service());
      labels.put("metric", s.metric());
      ObjectNode config = FrameMeta.config(displayName(s), "");
      config.put("min", 0).put("max", 1);
      ObjectNode meta = FrameMeta.typed("timeseries-multi", listed.request());
      if (listed.truncated()) {
        FrameMeta.notice(
            meta, "warning", "more scores than the plugin reads at once; narrow the range");
      }
      frames.add(
          new Frame(
              "score",
              meta,
              List.of(
                  Field.time("time", new ArrayList<>(pts.keySet())),
                  Field.float64("score", labels, config, new ArrayList<>(pts.values())))));
    }
    if (frames.isEmpty()) {
      frames.add(
          new Frame("score", FrameMeta.typed("timeseries-multi", listed.request()), List.of()));
    }
    return frames;
  }

  /** Exact match, or prefix match for a pattern ending in {@code *} (as the engine does). */
  static boolean metricMatches(@Nullable String pattern, String metric) {
    if (pattern == null) {
      return true;
    }
    return pattern.endsWith("*")
        ? metric.startsWith(pattern.substring(0, pattern.length() - 1))
        : metric.equals(pattern);
  }

  private static String displayName(ScoreSeries s) {
    StringBuilder sb = new StringBuilder(s.service()).append(' ').append(s.metric());
    if (!s.attributes().isEmpty()) {
      sb.append(new TreeMap<>(s.attributes()));
    }
    return sb.toString();
  }
}
