package dev.precursor.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.model.Json;
import dev.precursor.model.Prediction;
import dev.precursor.model.Tier;
import dev.precursor.model.Times;
import dev.precursor.predict.FeedbackLabel;
import dev.precursor.predict.TrackRecord;
import dev.precursor.server.Engine;
import dev.precursor.store.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/predictions?from&to&service&tier}, {@code GET /api/v1/predictions/{id}},
 * {@code POST /api/v1/predictions/{id}/feedback} (label {@code true_positive}, {@code
 * false_positive}, {@code near_miss} or {@code delayed_hit}; recalibrates the pattern) and {@code
 * GET /api/v1/patterns} (each pattern's track record).
 */
public final class PredictionsApi implements ApiModule {
  private final Engine engine;

  public PredictionsApi(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void routes(RoutesConfig r) {
    r.get("/api/v1/predictions", this::list);
    r.get("/api/v1/predictions/{id}", this::get);
    r.post("/api/v1/predictions/{id}/feedback", this::feedback);
    r.get("/api/v1/patterns", this::patterns);
  }

  private void list(Context ctx) {
    Instant from = Params.time(ctx, "from");
    Instant to = Params.time(ctx, "to");
    Params.checkRange(from, to);
    Tier tier = null;
    String t = Params.string(ctx, "tier");
    if (t != null) {
      try {
        tier = Tier.parse(t);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(
            "invalid query parameter 'tier'", "expected alert, watch or log, got '" + t + "'");
      }
    }
    Page<Prediction> page;
    try {
      page =
          engine
              .predictions()
              .list(
                  from,
                  to,
                  Params.string(ctx, "service"),
                  tier,
                  Params.limit(ctx),
                  Params.string(ctx, "cursor"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid query parameter 'cursor'", e.getMessage());
    }
    ctx.json(Params.page(page.items(), page.nextCursor()));
  }

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    ctx.json(
        engine
            .predictions()
            .get(id)
            .orElseThrow(() -> ApiException.notFound("no prediction '" + id + "'")));
  }

  private void feedback(Context ctx) throws Exception {
    String id = ctx.pathParam("id");
    JsonNode body = ctx.body().isBlank() ? null : Json.mapper().readTree(ctx.body());
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest(
          "invalid feedback",
          "expected a JSON object with 'label': true_positive, false_positive, near_miss or"
              + " delayed_hit");
    }
    JsonNode labelNode = body.get("label");
    if (labelNode == null || !labelNode.isTextual()) {
      throw ApiException.badRequest(
          "invalid feedback",
          "'label' is required: true_positive, false_positive, near_miss or delayed_hit");
    }
    FeedbackLabel label;
    try {
      label = FeedbackLabel.parse(labelNode.asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid feedback", "'label': " + e.getMessage());
    }
    Instant at = engine.clock().instant();
    JsonNode atNode = body.get("at");
    if (atNode != null && !atNode.isNull()) {
      try {
        at =
            atNode.isNumber()
                ? Instant.ofEpochMilli(atNode.asLong())
                : Times.parse(atNode.asText());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid feedback", "'at': " + e.getMessage());
      }
    }
    JsonNode noteNode = body.get("note");
    String note = noteNode == null || noteNode.isNull() ? null : noteNode.asText();
    TrackRecord record =
        engine
            .situationPipeline()
            .feedback(id, label, note, at)
            .orElseThrow(() -> ApiException.notFound("no prediction '" + id + "'"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("predictionId", id);
    out.put("label", label);
    out.put("note", note);
    out.put("at", at);
    out.put("trackRecord", record);
    ctx.status(201).json(out);
  }

  private void patterns(Context ctx) {
    List<TrackRecord> items = new ArrayList<>(engine.situationPipeline().trackRecords().values());
    ctx.json(Params.page(items, null));
  }
}
