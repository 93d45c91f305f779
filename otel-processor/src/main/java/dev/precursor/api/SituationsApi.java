package dev.precursor.api;

import dev.precursor.correlate.SituationDetail;
import dev.precursor.server.Engine;
import dev.precursor.store.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * {@code GET /api/v1/situations?from&to&state} and {@code GET /api/v1/situations/{id}}: situations
 * with their anomalies, ranked hypotheses with evidence, deploys, tickets, similar incidents, the
 * current top prediction and the timeline.
 */
public final class SituationsApi implements ApiModule {
  private final Engine engine;

  public SituationsApi(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void routes(RoutesConfig r) {
    r.get("/api/v1/situations", this::list);
    r.get("/api/v1/situations/{id}", this::get);
  }

  private void list(Context ctx) {
    Instant from = Params.time(ctx, "from");
    Instant to = Params.time(ctx, "to");
    Params.checkRange(from, to);
    String state = Params.string(ctx, "state");
    if (state != null && !state.equals("open") && !state.equals("resolved")) {
      throw ApiException.badRequest(
          "invalid query parameter 'state'", "expected open or resolved, got '" + state + "'");
    }
    Page<SituationDetail> page;
    try {
      page =
          engine
              .situations()
              .list(from, to, state, Params.limit(ctx), Params.string(ctx, "cursor"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid query parameter 'cursor'", e.getMessage());
    }
    ctx.json(Params.page(page.items(), page.nextCursor()));
  }

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    ctx.json(
        engine
            .situations()
            .get(id)
            .orElseThrow(() -> ApiException.notFound("no situation '" + id + "'")));
  }
}
