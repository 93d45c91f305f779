package dev.precursor.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.model.Deploy;
import dev.precursor.model.Json;
import dev.precursor.model.Times;
import dev.precursor.server.Engine;
import dev.precursor.store.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/deploys} (service and version required; repeated markers for the same
 * service, version, environment and time are one deploy) and {@code GET /api/v1/deploys}.
 */
public final class DeploysApi implements ApiModule {
  private final Engine engine;

  public DeploysApi(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void routes(RoutesConfig r) {
    r.post("/api/v1/deploys", this::create);
    r.get("/api/v1/deploys", this::list);
  }

  private void create(Context ctx) throws Exception {
    JsonNode body = Json.mapper().readTree(ctx.body());
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest(
          "invalid deploy", "expected a JSON object with at least 'service' and 'version'");
    }
    Deploy d = parse(body, engine.clock().instant());
    Deploy stored = engine.deploys().save(d);
    engine.onDeploy(stored);
    ctx.status(201).json(stored);
  }

  /** Validates a deploy body; every problem is named in one 400. */
  static Deploy parse(JsonNode body, Instant now) {
    List<String> problems = new ArrayList<>();
    String service = text(body, "service");
    String version = text(body, "version");
    if (service == null) {
      problems.add("'service' is required");
    }
    if (version == null) {
      problems.add("'version' is required");
    }
    Instant at = now;
    JsonNode atNode = body.get("at");
    if (atNode != null && !atNode.isNull()) {
      try {
        at =
            atNode.isNumber()
                ? Instant.ofEpochMilli(atNode.asLong())
                : Times.parse(atNode.asText());
      } catch (IllegalArgumentException e) {
        problems.add("'at': " + e.getMessage());
      }
    }
    Deploy.Kind kind = Deploy.Kind.DEPLOY;
    String kindText = text(body, "kind");
    if (kindText != null) {
      try {
        kind = Deploy.Kind.parse(kindText);
      } catch (IllegalArgumentException e) {
        problems.add("'kind': expected 'deploy' or 'config', got '" + kindText + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid deploy", String.join("; ", problems));
    }
    String source = text(body, "source");
    return new Deploy(
        UUID.randomUUID().toString(),
        service,
        version,
        text(body, "environment"),
        at,
        kind,
        text(body, "commit"),
        text(body, "url"),
        source == null ? "api" : source);
  }

  private static @Nullable String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    String s = n.asText().trim();
    return s.isEmpty() ? null : s;
  }

  private void list(Context ctx) {
    Instant from = Params.time(ctx, "from");
    Instant to = Params.time(ctx, "to");
    Params.checkRange(from, to);
    Page<Deploy> page;
    try {
      page =
          engine
              .deploys()
              .list(
                  from,
                  to,
                  Params.string(ctx, "service"),
                  Params.limit(ctx),
                  Params.string(ctx, "cursor"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid query parameter 'cursor'", e.getMessage());
    }
    ctx.json(Params.page(page.items(), page.nextCursor()));
  }
}
