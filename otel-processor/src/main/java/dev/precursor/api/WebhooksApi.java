package dev.precursor.api;

import dev.precursor.ticket.WebhookHandler;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/v1/webhooks/{name}}: deliveries from ticketing systems, handed to the {@link
 * WebhookHandler} of that name (which authenticates them with its own shared secret; the API's
 * bearer token does not apply). Answers {@code {"status": ..., "message": ...}} with the handler's
 * status.
 */
public final class WebhooksApi implements ApiModule {
  private final Map<String, WebhookHandler> handlers;

  public WebhooksApi(Map<String, WebhookHandler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  @Override
  public void routes(RoutesConfig r) {
    r.post("/api/v1/webhooks/{name}", this::deliver);
  }

  private void deliver(Context ctx) {
    String name = ctx.pathParam("name");
    WebhookHandler h = handlers.get(name);
    if (h == null) {
      throw ApiException.notFound(
          "no webhook '"
              + name
              + "'"
              + (handlers.isEmpty()
                  ? " (none enabled: configure a ticket system such as jira.url)"
                  : "; enabled: "
                      + String.join(", ", handlers.keySet().stream().sorted().toList())));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    Map<String, String> query = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
      if (!e.getValue().isEmpty()) {
        query.put(e.getKey(), e.getValue().get(0));
      }
    }
    WebhookHandler.Response res = h.handle(headers, query, ctx.body());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", res.status());
    body.put("message", res.message());
    ctx.status(res.status()).json(body);
  }
}
