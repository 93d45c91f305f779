package dev.precursor.api;

import dev.precursor.server.Engine;
import dev.precursor.server.Version;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/health}, {@code GET /metrics} and the status page on {@code /}. */
public final class HealthApi implements ApiModule {
  private final Engine engine;

  public HealthApi(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void routes(RoutesConfig r) {
    r.get("/api/v1/health", this::health);
    r.get("/metrics", this::metrics);
    r.get("/api/v1/metrics", this::metrics);
    r.get("/", this::statusPage);
  }

  private Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean storeOk = engine.store().isHealthy();
    m.put("status", storeOk ? "ok" : "degraded");
    m.put("version", Version.get());
    m.put("store", engine.store().describe());
    m.put("storeHealthy", storeOk);
    m.put(
        "uptimeSeconds",
        Duration.between(engine.startedAt(), engine.clock().instant()).toSeconds());
    m.put("watermark", engine.watermark().orElse(null));
    return m;
  }

  private void health(Context ctx) {
    Map<String, Object> s = status();
    ctx.status(Boolean.TRUE.equals(s.get("storeHealthy")) ? 200 : 503).json(s);
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(engine.metrics().scrape());
  }

  private void statusPage(Context ctx) {
    Map<String, Object> s = status();
    StringBuilder html =
        new StringBuilder("<!doctype html><meta charset=utf-8><title>Precursor</title>")
            .append("<style>body{font:14px system-ui;margin:2em}td{padding:2px 12px}</style>")
            .append("<h1>Precursor engine</h1><table>");
    s.forEach(
        (k, v) ->
            html.append("<tr><td>")
                .append(k)
                .append("</td><td>")
                .append(escape(String.valueOf(v)))
                .append("</td></tr>"));
    html.append("</table><p>API: <a href=/api/v1/health>/api/v1/health</a> · ")
        .append("<a href=/api/v1/predictions>/api/v1/predictions</a> · ")
        .append("<a href=/api/v1/situations>/api/v1/situations</a> · ")
        .append("<a href=/api/v1/services>/api/v1/services</a> · ")
        .append("<a href=/api/v1/deploys>/api/v1/deploys</a> · ")
        .append("<a href=/metrics>/metrics</a></p>");
    ctx.html(html.toString());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
