package dev.precursor.api;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.correlate.SituationDetail;
import dev.precursor.correlate.SituationEvent;
import dev.precursor.draft.Document;
import dev.precursor.draft.DocumentFormat;
import dev.precursor.draft.DraftContext;
import dev.precursor.model.Deploy;
import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import dev.precursor.server.Engine;
import dev.precursor.store.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/situations/{id}/ticket} and {@code GET /api/v1/situations/{id}/postmortem}:
 * the draft of a situation, written by the engine's drafter ({@code llm.provider}), rendered as
 * {@code ?format=markdown} (default), {@code adf} (Jira Cloud JSON), {@code wiki} (Jira Data
 * Center) or {@code text} (ServiceNow), title first. 404 for an unknown situation, 400 for an
 * unknown format.
 */
public final class DraftApi implements ApiModule {
  /** How far before a situation opened its deploys and predictions are looked up. */
  static final Duration LOOKBACK = Duration.ofHours(2);

  private static final int PAGE = 1000;
  private static final int MAX_PAGES = 20;

  private final Engine engine;

  public DraftApi(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void routes(RoutesConfig r) {
    r.get("/api/v1/situations/{id}/ticket", ctx -> draft(ctx, "ticket"));
    r.get("/api/v1/situations/{id}/postmortem", ctx -> draft(ctx, "postmortem"));
  }

  private void draft(Context ctx, String kind) {
    String raw = Params.string(ctx, "format");
    DocumentFormat format;
    try {
      format = raw == null ? DocumentFormat.MARKDOWN : DocumentFormat.parse(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid query parameter 'format'", e.getMessage());
    }
    String id = ctx.pathParam("id");
    DraftContext dc =
        context(engine, id).orElseThrow(() -> ApiException.notFound("no situation '" + id + "'"));
    Document doc =
        kind.equals("ticket") ? engine.drafter().ticket(dc) : engine.drafter().postmortem(dc);
    ctx.contentType(format.contentType()).result(format.renderWithTitle(doc));
  }

  /**
   * Everything the drafter may use about one situation, read from the engine's stores: the
   * situation, its predictions (oldest first), deploys from two hours before it opened, the service
   * graph, the static-threshold time from its timeline, and the links of the configuration.
   */
  public static Optional<DraftContext> context(Engine engine, String situationId) {
    Optional<SituationDetail> found = engine.situations().get(situationId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SituationDetail d = found.get();
    Situation s = d.situation();
    Instant from = s.openedAt();
    for (var a : s.anomalies()) {
      if (a.onset().isBefore(from)) {
        from = a.onset();
      }
    }
    from = from.minus(LOOKBACK);
    Map<String, Prediction> predictions = new LinkedHashMap<>();
    String cursor = null;
    for (int i = 0; i < MAX_PAGES; i++) {
      Page<Prediction> page = engine.predictions().list(from, null, null, null, PAGE, cursor);
      for (Prediction p : page.items()) {
        if (p.situationId().equals(s.id())) {
          predictions.put(p.id(), p);
        }
      }
      cursor = page.nextCursor();
      if (cursor == null) {
        break;
      }
    }
    if (d.prediction() != null) {
      predictions.putIfAbsent(d.prediction().id(), d.prediction());
    }
    List<Deploy> deploys = new ArrayList<>();
    cursor = null;
    for (int i = 0; i < MAX_PAGES; i++) {
      Page<Deploy> page = engine.deploys().list(from, s.resolvedAt(), null, PAGE, cursor);
      deploys.addAll(page.items());
      cursor = page.nextCursor();
      if (cursor == null) {
        break;
      }
    }
    Instant threshold = null;
    for (SituationEvent e : d.timeline()) {
      if (e.kind().equals("threshold") && (threshold == null || e.at().isBefore(threshold))) {
        threshold = e.at();
      }
    }
    PrecursorConfig cfg = engine.config();
    return Optional.of(
        new DraftContext(
            s,
            List.copyOf(predictions.values()),
            deploys,
            engineUrl(cfg),
            grafanaUrl(cfg),
            engine.serviceGraph(),
            List.of(),
            threshold));
  }

  /** The engine URL for links: {@code draft.engine-url}, else {@code http://localhost:<port>}. */
  public static String engineUrl(PrecursorConfig cfg) {
    return cfg.string("draft.engine-url").orElse("http://localhost:" + cfg.api().port());
  }

  /** {@code grafana.url} plus {@code draft.grafana-dashboard}, or null without Grafana. */
  public static @Nullable String grafanaUrl(PrecursorConfig cfg) {
    Optional<String> base = cfg.string("grafana.url");
    if (base.isEmpty() || base.get().isBlank()) {
      return null;
    }
    String b =
        base.get().endsWith("/") ? base.get().substring(0, base.get().length() - 1) : base.get();
    String path = cfg.string("draft.grafana-dashboard").orElse("");
    return path.isBlank() ? b : b + (path.startsWith("/") ? path : "/" + path);
  }
}
