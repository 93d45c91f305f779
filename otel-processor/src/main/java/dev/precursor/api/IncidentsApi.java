package dev.precursor.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.memory.Incident;
import dev.precursor.memory.LearnResult;
import dev.precursor.memory.SourceDocument;
import dev.precursor.model.Json;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Times;
import dev.precursor.server.Engine;
import dev.precursor.store.Cursor;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Incident memory over HTTP:
 *
 * <ul>
 *   <li>{@code POST /api/v1/incidents} learns one postmortem: either {@code {"content": "...",
 *       "format": "markdown|json|ticket", "source": "...", "title": ..., "occurredAt": ...}} or a
 *       JSON postmortem object itself. Answers 201 with the incident when it is new, 200 when the
 *       same content was learned before ({@code Precursor-Learn-Status: unchanged}) or the source's
 *       earlier version was replaced ({@code updated}).
 *   <li>{@code GET /api/v1/incidents/similar?q=TEXT&k=5} the k most similar past incidents: {@code
 *       {"items": [{id, title, similarity, space, resolution}], "nextCursor": null}}.
 *   <li>{@code GET /api/v1/incidents} (paged by id) and {@code GET /api/v1/incidents/{id}}.
 * </ul>
 */
public final class IncidentsApi implements ApiModule {
  /** Response header telling whether a POST created, updated or found an incident. */
  public static final String STATUS_HEADER = "Precursor-Learn-Status";

  static final int DEFAULT_K = 5;
  static final int MAX_K = 100;
  private final Engine engine;

  public IncidentsApi(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void routes(RoutesConfig r) {
    r.post("/api/v1/incidents", this::create);
    r.get("/api/v1/incidents/similar", this::similar);
    r.get("/api/v1/incidents/{id}", this::get);
    r.get("/api/v1/incidents", this::list);
  }

  private void create(Context ctx) throws Exception {
    JsonNode body = Json.mapper().readTree(ctx.body());
    SourceDocument doc = document(body);
    LearnResult r = engine.memory().learn(doc);
    ctx.header(STATUS_HEADER, r.status().wire());
    ctx.status(r.status() == LearnResult.Status.CREATED ? 201 : 200).json(r.incident());
  }

  /** The document a POST body describes; a 400 names what is wrong. */
  static SourceDocument document(@Nullable JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest(
          "invalid incident",
          "expected a JSON object: {\"content\": \"<postmortem text>\", \"format\":"
              + " \"markdown|json|ticket\"} or a JSON postmortem with at least 'title'");
    }
    JsonNode content = body.get("content");
    String source = text(body, "source");
    if (content == null || content.isNull()) {
      if (text(body, "title") == null) {
        throw ApiException.badRequest(
            "invalid incident", "'content' (the postmortem text) or 'title' is required");
      }
      return SourceDocument.of(
          source == null ? "api" : source, body.toString(), SourceDocument.Format.JSON);
    }
    if (!content.isTextual() || content.asText().isBlank()) {
      throw ApiException.badRequest("invalid incident", "'content' must be non-empty text");
    }
    if (content.asText().length() > SourceDocument.MAX_CHARS) {
      throw ApiException.badRequest(
          "invalid incident",
          "'content' is too large for a postmortem (at most "
              + SourceDocument.MAX_CHARS
              + " characters)");
    }
    SourceDocument.Format format = SourceDocument.Format.MARKDOWN;
    String f = text(body, "format");
    if (f != null) {
      try {
        format = SourceDocument.Format.parse(f);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid incident", "'format': " + e.getMessage());
      }
    }
    Instant occurredAt = null;
    String at = text(body, "occurredAt");
    if (at != null) {
      try {
        occurredAt = Times.parse(at);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid incident", "'occurredAt': " + e.getMessage());
      }
    }
    List<String> labels = new ArrayList<>();
    for (JsonNode l : body.path("labels")) {
      labels.add(l.asText());
    }
    return new SourceDocument(
        source == null ? "api" : source,
        content.asText(),
        format,
        text(body, "title"),
        occurredAt,
        labels);
  }

  private void similar(Context ctx) {
    String q = Params.string(ctx, "q");
    if (q == null) {
      throw ApiException.badRequest(
          "missing query parameter 'q'", "give the symptoms or alert text: ?q=...&k=5");
    }
    int k = DEFAULT_K;
    String kText = ctx.queryParam("k");
    if (kText != null && !kText.isBlank()) {
      try {
        k = Integer.parseInt(kText.trim());
        if (k < 1 || k > MAX_K) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw ApiException.badRequest(
            "invalid query parameter 'k'",
            "expected an integer 1-" + MAX_K + ", got '" + kText + "'");
      }
    }
    List<SimilarIncident> items = engine.memory().similar(q, k);
    ctx.json(Params.page(items, null));
  }

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    Incident i =
        engine.memory().get(id).orElseThrow(() -> ApiException.notFound("no incident " + id));
    ctx.json(i);
  }

  private void list(Context ctx) {
    int limit = Params.limit(ctx);
    String cursor = Params.string(ctx, "cursor");
    String after = null;
    if (cursor != null) {
      try {
        after = Cursor.decode(cursor).id();
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid query parameter 'cursor'", e.getMessage());
      }
    }
    List<Incident> page = new ArrayList<>();
    String next = null;
    for (Incident i : engine.memory().all()) {
      if (after != null && i.id().compareTo(after) <= 0) {
        continue;
      }
      if (page.size() == limit) {
        next = new Cursor(0, page.get(page.size() - 1).id()).encode();
        break;
      }
      page.add(i);
    }
    ctx.json(Params.page(page, next));
  }

  private static @Nullable String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull() || n.isContainerNode()) {
      return null;
    }
    String s = n.asText().trim();
    return s.isEmpty() ? null : s;
  }
}
