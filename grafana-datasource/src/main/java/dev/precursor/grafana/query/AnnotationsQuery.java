package dev.precursor.grafana.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.engine.EngineClient.Listed;
import dev.precursor.grafana.engine.EngineException;
import dev.precursor.grafana.engine.EngineModel.Deploy;
import dev.precursor.grafana.engine.EngineModel.Prediction;
import dev.precursor.grafana.frame.Field;
import dev.precursor.grafana.frame.Frame;
import dev.precursor.grafana.frame.FrameMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code annotations}: deploys and config changes as point annotations, and alert-tier predictions
 * (or, with {@code minConfidence}, every prediction at least that confident) as regions from when
 * they were raised to the expected impact. One frame with Grafana's annotation field names: {@code
 * time}, {@code timeEnd}, {@code title}, {@code text}, {@code tags} (comma-separated), {@code id}.
 */
final class AnnotationsQuery implements QueryHandler {
  private record Event(
      Instant time, @Nullable Instant timeEnd, String title, String text, String tags, String id) {}

  @Override
  public List<Frame> run(EngineClient engine, QueryModel query, QueryWindow window) {
    String service = query.engineServiceFilter();
    Listed<Deploy> deploys = engine.deploys(window.from(), window.to(), service);
    List<String> notices = new ArrayList<>();
    Listed<Prediction> preds;
    try {
      preds = engine.predictions(window.from(), window.to(), service);
    } catch (EngineException e) {
      if (e.status() != 404) {
        throw e;
      }
      // an engine without the prediction API still has deploys worth marking
      notices.add("prediction annotations unavailable: " + e.getMessage());
      preds = new Listed<>(List.of(), false, "");
    }
    List<Event> events = new ArrayList<>();
    for (Deploy d : deploys.items()) {
      if (!query.includes(d.service())) {
        continue;
      }
      String what = d.kind().equals("config") ? "Config change" : "Deploy";
      StringBuilder text =
          new StringBuilder(what).append(' ').append(d.service()).append(' ').append(d.version());
      if (d.environment() != null) {
        text.append(" to ").append(d.environment());
      }
      if (d.commit() != null) {
        text.append(" (commit ").append(d.commit()).append(')');
      }
      if (!d.source().isEmpty()) {
        text.append(", from ").append(d.source());
      }
      if (d.url() != null) {
        text.append(' ').append(d.url());
      }
      events.add(
          new Event(
              d.at(),
              null,
              what + ": " + d.service() + " " + d.version(),
              text.toString(),
              String.join(",", d.kind(), "service:" + d.service(), "version:" + d.version()),
              "deploy:" + d.id()));
    }
    for (Prediction p : preds.items()) {
      boolean wanted =
          query.minConfidence() == null ? p.tier().equals("alert") : query.passes(p.confidence());
      if (!wanted || !query.includes(p.service())) {
        continue;
      }
      String title =
          String.format(
              Locale.ROOT,
              "Predicted %s on %s (%.0f%%)",
              p.pattern().isEmpty() ? "incident" : p.pattern(),
              p.service(),
              p.confidence() * 100);
      StringBuilder text = new StringBuilder(title);
      if (p.rootCause() != null) {
        text.append(". Probable root cause: ").append(p.rootCause().service());
        if (!p.rootCause().summary().isEmpty()) {
          text.append(" — ").append(p.rootCause().summary());
        }
      }
      if (!p.similarIncidents().isEmpty()) {
        text.append(". Similar: ").append(p.similarIncidents().get(0).title());
      }
      if (!p.recommendedAction().isEmpty()) {
        text.append(". Action: ").append(p.recommendedAction());
      }
      Instant end =
          p.expectedAt() != null && p.expectedAt().isAfter(p.raisedAt()) ? p.expectedAt() : null;
      events.add(
          new Event(
              p.raisedAt(),
              end,
              title,
              text.toString(),
              String.join(",", "prediction", p.tier(), "service:" + p.service()),
              "prediction:" + p.id()));
    }
    events.sort(Comparator.comparing(Event::time));
    List<Instant> time = new ArrayList<>();
    List<@Nullable Instant> timeEnd = new ArrayList<>();
    List<String> title = new ArrayList<>();
    List<String> text = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    List<String> id = new ArrayList<>();
    for (Event e : events) {
      time.add(e.time());
      timeEnd.add(e.timeEnd());
      title.add(e.title());
      text.add(e.text());
      tags.add(e.tags());
      id.add(e.id());
    }
    ObjectNode meta = FrameMeta.visualisation("table", deploys.request() + "; " + preds.request());
    notices.forEach(n -> FrameMeta.notice(meta, "warning", n));
    return List.of(
        new Frame(
            "annotations",
            meta,
            List.of(
                Field.time("time", time),
                Field.nullableTime("timeEnd", timeEnd),
                Field.string("title", null, title),
                Field.string("text", null, text),
                Field.string("tags", null, tags),
                Field.string("id", null, id))));
  }
}
