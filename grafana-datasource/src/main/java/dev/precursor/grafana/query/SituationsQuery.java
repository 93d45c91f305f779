package dev.precursor.grafana.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.engine.EngineClient.Listed;
import dev.precursor.grafana.engine.EngineModel.Hypothesis;
import dev.precursor.grafana.engine.EngineModel.Situation;
import dev.precursor.grafana.frame.Field;
import dev.precursor.grafana.frame.FieldType;
import dev.precursor.grafana.frame.Frame;
import dev.precursor.grafana.frame.FrameMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code situations}: a table of the situations in the range that involve the service (all when
 * absent), newest first: state, services, the top root-cause hypothesis and its confidence, anomaly
 * count, deploys, tickets and a link to the situation in the engine.
 */
final class SituationsQuery implements QueryHandler {
  @Override
  public List<Frame> run(EngineClient engine, QueryModel query, QueryWindow window) {
    Listed<Situation> listed = engine.situations(window.from(), window.to());
    List<Situation> rows =
        listed.items().stream()
            .filter(
                s -> query.services().isEmpty() || s.services().stream().anyMatch(query::includes))
            .sorted(Comparator.comparing(Situation::openedAt).reversed())
            .toList();
    String base = engine.settings().url().toString();
    List<Instant> opened = new ArrayList<>();
    List<@Nullable Instant> resolved = new ArrayList<>();
    List<String> state = new ArrayList<>();
    List<String> services = new ArrayList<>();
    List<String> cause = new ArrayList<>();
    List<@Nullable Double> confidence = new ArrayList<>();
    List<Long> anomalies = new ArrayList<>();
    List<String> deploys = new ArrayList<>();
    List<String> tickets = new ArrayList<>();
    List<String> link = new ArrayList<>();
    List<String> id = new ArrayList<>();
    for (Situation s : rows) {
      opened.add(s.openedAt());
      resolved.add(s.resolvedAt());
      state.add(s.state());
      services.add(String.join(", ", s.services()));
      Hypothesis top = s.hypotheses().isEmpty() ? null : s.hypotheses().get(0);
      cause.add(
          top == null ? "" : top.service() + (top.cause().isEmpty() ? "" : ": " + top.cause()));
      confidence.add(top == null ? null : top.confidence());
      anomalies.add((long) s.anomalyCount());
      deploys.add(
          s.deploys().stream()
              .map(d -> d.service() + " " + d.version())
              .collect(Collectors.joining(", ")));
      tickets.add(s.tickets().stream().map(t -> t.key()).collect(Collectors.joining(", ")));
      link.add(base + "/api/v1/situations/" + s.id());
      id.add(s.id());
    }
    ObjectNode meta = FrameMeta.visualisation("table", listed.request());
    if (listed.truncated()) {
      FrameMeta.notice(
          meta, "warning", "more situations than the plugin reads at once; narrow the range");
    }
    ObjectNode confidenceConfig = FrameMeta.config("Cause confidence", "percentunit");
    confidenceConfig.put("min", 0).put("max", 1);
    ObjectNode linkConfig = FrameMeta.config("Link", "");
    linkConfig
        .putArray("links")
        .addObject()
        .put("title", "Open situation in Precursor")
        .put("url", "${__value.raw}");
    return List.of(
        new Frame(
            "situations",
            meta,
            List.of(
                new Field(
                    "openedAt",
                    FieldType.TIME,
                    false,
                    Map.of(),
                    FrameMeta.config("Opened", ""),
                    new ArrayList<>(opened)),
                new Field(
                    "resolvedAt",
                    FieldType.TIME,
                    true,
                    Map.of(),
                    FrameMeta.config("Resolved", ""),
                    new ArrayList<>(resolved)),
                Field.string("state", FrameMeta.config("State", ""), state),
                Field.string("services", FrameMeta.config("Services", ""), services),
                Field.string("rootCause", FrameMeta.config("Probable root cause", ""), cause),
                Field.nullableFloat64("confidence", confidenceConfig, confidence),
                Field.int64("anomalies", FrameMeta.config("Anomalies", ""), anomalies),
                Field.string("deploys", FrameMeta.config("Deploys", ""), deploys),
                Field.string("tickets", FrameMeta.config("Tickets", ""), tickets),
                Field.string("link", linkConfig, link),
                Field.string("id", FrameMeta.config("Situation id", ""), id))));
  }
}
