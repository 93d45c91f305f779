package dev.precursor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precursor.InvalidTelemetryException;
import dev.precursor.model.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The engine's HTTP API on {@code api.port}: JSON under {@code /api/v1}, Prometheus text on {@code
 * /metrics}. Errors are {@code {"error","detail"}} with a 4xx for bad input. When {@code api.token}
 * is set, every write (POST, PUT, PATCH, DELETE) needs {@code Authorization: Bearer <token>}; paths
 * under {@code /api/v1/webhooks/} authenticate with their own shared secret instead.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
  private final Javalin app;

  private ApiServer(Javalin app) {
    this.app = app;
  }

  /** Starts the server on host:port (0 = a free port) with the given modules' routes. */
  public static ApiServer start(
      String host, int port, @Nullable String token, List<ApiModule> modules) {
    ObjectMapper mapper = Json.configure(new ObjectMapper());
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.jetty.host = host;
              cfg.jetty.port = port;
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.http.maxRequestSize = 16L * 1024 * 1024;
              cfg.jsonMapper(new JavalinJackson(mapper, false));
              cfg.routes.before(ctx -> authorize(ctx, token));
              cfg.routes.exception(
                  ApiException.class,
                  (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.detail()));
              cfg.routes.exception(
                  JsonProcessingException.class,
                  (e, ctx) -> error(ctx, 400, "malformed JSON body", e.getOriginalMessage()));
              cfg.routes.exception(
                  InvalidTelemetryException.class,
                  (e, ctx) -> error(ctx, 400, "invalid input", e.getMessage()));
              cfg.routes.exception(
                  IllegalArgumentException.class,
                  (e, ctx) -> error(ctx, 400, "invalid input", String.valueOf(e.getMessage())));
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.log(
                        Level.WARNING, "request " + ctx.method() + " " + ctx.path() + " failed", e);
                    error(ctx, 500, "internal error", String.valueOf(e.getMessage()));
                  });
              cfg.routes.error(
                  404,
                  ctx -> {
                    String type = ctx.res().getContentType();
                    if (type == null || !type.contains("json")) {
                      error(
                          ctx,
                          404,
                          "not found",
                          "no route "
                              + ctx.method()
                              + " "
                              + ctx.path()
                              + "; see docs/openapi.yaml");
                    }
                  });
              for (ApiModule m : modules) {
                m.routes(cfg.routes);
              }
            });
    app.start();
    return new ApiServer(app);
  }

  private static void authorize(Context ctx, @Nullable String token) {
    HandlerType m = ctx.method();
    boolean write =
        m == HandlerType.POST
            || m == HandlerType.PUT
            || m == HandlerType.PATCH
            || m == HandlerType.DELETE;
    if (token == null || !write || ctx.path().startsWith("/api/v1/webhooks/")) {
      return;
    }
    String auth = ctx.header("Authorization");
    String expected = "Bearer " + token;
    if (auth == null
        || !MessageDigest.isEqual(
            auth.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(
          401,
          "unauthorized",
          auth == null
              ? "this endpoint needs 'Authorization: Bearer <api.token>'"
              : "the bearer token does not match api.token");
    }
  }

  static void error(Context ctx, int status, String error, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("detail", detail);
    ctx.status(status).json(body);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
