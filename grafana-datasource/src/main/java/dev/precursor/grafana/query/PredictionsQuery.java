package dev.precursor.grafana.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.engine.EngineClient.Listed;
import dev.precursor.grafana.engine.EngineModel.Prediction;
import dev.precursor.grafana.engine.EngineModel.SimilarIncident;
import dev.precursor.grafana.frame.Field;
import dev.precursor.grafana.frame.Frame;
import dev.precursor.grafana.frame.FrameMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code predictions}: a table of the predictions raised in the range — for each situation and
 * service only the latest one — with confidence at least {@code minConfidence}, highest confidence
 * first: service, pattern, confidence, time to impact, similar incident, root cause, recommended
 * action and a link to the situation in the engine.
 */
final class PredictionsQuery implements QueryHandler {
  @Override
  public List<Frame> run(EngineClient engine, QueryModel query, QueryWindow window) {
    Listed<Prediction> listed =
        engine.predictions(window.from(), window.to(), query.engineServiceFilter());
    Map<String, Prediction> latest = new LinkedHashMap<>();
    listed.items().stream()
        .filter(p -> query.includes(p.service()) && query.passes(p.confidence()))
        .sorted(Comparator.comparing(Prediction::raisedAt))
        .forEach(
            p ->
                latest.put(
                    p.situationId().isEmpty() ? p.id() : p.situationId() + '\u0000' + p.service(),
                    p));
    List<Prediction> rows =
        latest.values().stream()
            .sorted(
                Comparator.comparingDouble(Prediction::confidence)
                    .reversed()
                    .thenComparing(Prediction::raisedAt, Comparator.reverseOrder()))
            .toList();
    String base = engine.settings().url().toString();
    List<Instant> raised = new ArrayList<>();
    List<String> service = new ArrayList<>();
    List<String> tier = new ArrayList<>();
    List<Double> confidence = new ArrayList<>();
    List<String> pattern = new ArrayList<>();
    List<@Nullable Double> timeToImpact = new ArrayList<>();
    List<@Nullable Instant> expected = new ArrayList<>();
    List<String> similar = new ArrayList<>();
    List<String> rootCause = new ArrayList<>();
    List<String> action = new ArrayList<>();
    List<String> state = new ArrayList<>();
    List<String> link = new ArrayList<>();
    List<String> id = new ArrayList<>();
    for (Prediction p : rows) {
      raised.add(p.raisedAt());
      service.add(p.service());
      tier.add(p.tier());
      confidence.add(p.confidence());
      pattern.add(p.pattern());
      expected.add(p.expectedAt());
      timeToImpact.add(
          p.expectedAt() == null
              ? null
              : (double) Duration.between(p.raisedAt(), p.expectedAt()).toSeconds());
      similar.add(similar(p.similarIncidents()));
      rootCause.add(
          p.rootCause() == null
              ? ""
              : (p.rootCause().service()
                  + (p.rootCause().summary().isEmpty() ? "" : ": " + p.rootCause().summary())));
      action.add(p.recommendedAction());
      state.add(p.state());
      link.add(p.situationId().isEmpty() ? "" : base + "/api/v1/situations/" + p.situationId());
      id.add(p.id());
    }
    ObjectNode meta = FrameMeta.visualisation("table", listed.request());
    if (listed.truncated()) {
      FrameMeta.notice(
          meta, "warning", "more predictions than the plugin reads at once; narrow the range");
    }
    ObjectNode confidenceConfig = FrameMeta.config("Confidence", "percentunit");
    confidenceConfig.put("min", 0).put("max", 1);
    ObjectNode linkConfig = FrameMeta.config("Link", "");
    linkConfig
        .putArray("links")
        .addObject()
        .put("title", "Open situation in Precursor")
        .put("url", "${__value.raw}");
    return List.of(
        new Frame(
            "predictions",
            meta,
            List.of(
                new Field(
                    "raisedAt",
                    dev.precursor.grafana.frame.FieldType.TIME,
                    false,
                    Map.of(),
                    FrameMeta.config("Raised", ""),
                    new ArrayList<>(raised)),
                Field.string("service", FrameMeta.config("Service", ""), service),
                Field.string("pattern", FrameMeta.config("Pattern", ""), pattern),
                Field.float64("confidence", Map.of(), confidenceConfig, confidence),
                Field.string("tier", FrameMeta.config("Tier", ""), tier),
                Field.nullableFloat64(
                    "timeToImpact", FrameMeta.config("Time to impact", "s"), timeToImpact),
                Field.nullableTime("expectedAt", expected),
                Field.string("similarIncident", FrameMeta.config("Similar incident", ""), similar),
                Field.string("rootCause", FrameMeta.config("Root cause", ""), rootCause),
                Field.string(
                    "recommendedAction", FrameMeta.config("Recommended action", ""), action),
                Field.string("state", FrameMeta.config("State", ""), state),
                Field.string("link", linkConfig, link),
                Field.string("id", FrameMeta.config("Prediction id", ""), id))));
  }

  private static String similar(List<SimilarIncident> incidents) {
    if (incidents.isEmpty()) {
      return "";
    }
    SimilarIncident s = incidents.get(0);
    String title = s.title().isEmpty() ? s.id() : s.title();
    return String.format(Locale.ROOT, "%s (%.0f%%)", title, s.similarity() * 100);
  }
}
