package dev.precursor.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Talks to the engine's HTTP API for CI pipelines: records deploy markers ({@code POST
 * /api/v1/deploys}) and reads what post-deploy verification needs. Plain Java (JDK HTTP client,
 * Jackson), so the Jenkins adapter, the shared library's jar call and the CLI share it.
 *
 * <p>Retries connection failures, 429 and 5xx with exponential backoff and jitter (honouring {@code
 * Retry-After}); other 4xx are final and reported with the engine's {@code error} and {@code
 * detail}. Thread-safe.
 */
public final class DeployMarkerClient {
  private static final Logger LOG = Logger.getLogger(DeployMarkerClient.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI engine;
  private final @Nullable String token;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Sleeper sleeper;
  private final HttpClient http;

  /** Waits between attempts; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** A failed call: the HTTP status (0 when no response came) and the engine's message. */
  public static final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    EngineException(int status, String message, @Nullable Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private DeployMarkerClient(Builder b) {
    this.engine = b.engine;
    this.token = b.token;
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.sleeper = b.sleeper;
    this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
  }

  public static Builder builder(URI engine) {
    return new Builder(engine);
  }

  /**
   * The engine URL a pipeline means: the explicit one, else {@code PRECURSOR_ENGINE_URL}, else
   * {@code http://localhost:8470}.
   */
  public static URI resolveEngine(@Nullable String explicit, Map<String, String> env) {
    String url = explicit;
    if (url == null || url.isBlank()) {
      url = env.get("PRECURSOR_ENGINE_URL");
    }
    if (url == null || url.isBlank()) {
      url = "http://localhost:8470";
    }
    url = url.trim();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine URL '" + url + "' is not a URL", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "engine URL must start with http:// or https://, got '" + url + "'");
    }
    return uri;
  }

  public URI engine() {
    return engine;
  }

  /** Records the deploy; returns the engine's stored deploy (with its id). */
  public JsonNode mark(DeployEvent event) {
    try {
      return send("POST", "/api/v1/deploys", JSON.writeValueAsString(event.toJson()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** GET of an API path with query parameters (URL-encoded here). */
  public JsonNode get(String path, Map<String, String> query) {
    StringBuilder sb = new StringBuilder(path);
    char sep = '?';
    for (Map.Entry<String, String> e : query.entrySet()) {
      sb.append(sep)
          .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return send("GET", sb.toString(), null);
  }

  private JsonNode send(String method, String pathAndQuery, @Nullable String body) {
    URI uri = URI.create(engine + pathAndQuery);
    Duration backoff = initialBackoff;
    EngineException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
      if (token != null) {
        rb.header("Authorization", "Bearer " + token);
      }
      if (body != null) {
        rb.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      } else {
        rb.method(method, HttpRequest.BodyPublishers.noBody());
      }
      Duration wait = backoff;
      try {
        HttpResponse<String> resp =
            http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = resp.statusCode();
        if (status >= 200 && status < 300) {
          return resp.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(resp.body());
        }
        String message = describe(method, pathAndQuery, status, resp.body());
        if (status != 429 && status < 500) {
          throw new EngineException(status, message, null);
        }
        last = new EngineException(status, message, null);
        Duration retryAfter = retryAfter(resp);
        if (retryAfter != null) {
          wait = retryAfter;
        }
      } catch (IOException e) {
        last =
            new EngineException(
                0,
                "cannot reach the engine at "
                    + engine
                    + " ("
                    + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); is it running? set --engine or PRECURSOR_ENGINE_URL",
                e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EngineException(0, "interrupted while calling the engine", e);
      }
      if (attempt < maxAttempts) {
        long jitterMs = ThreadLocalRandom.current().nextLong(Math.max(1, wait.toMillis() / 2) + 1);
        Duration sleep = wait.plusMillis(jitterMs);
        LOG.fine(
            "attempt "
                + attempt
                + " failed ("
                + last.getMessage()
                + "); retrying in "
                + sleep.toMillis()
                + " ms");
        try {
          sleeper.sleep(sleep);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw last;
        }
        backoff = backoff.multipliedBy(2);
      }
    }
    throw Objects.requireNonNull(last);
  }

  private static @Nullable Duration retryAfter(HttpResponse<?> resp) {
    return resp.headers()
        .firstValue("Retry-After")
        .map(
            v -> {
              try {
                return Duration.ofSeconds(Math.min(60, Long.parseLong(v.trim())));
              } catch (NumberFormatException e) {
                return null;
              }
            })
        .orElse(null);
  }

  private static String describe(String method, String path, int status, String body) {
    String detail = body;
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.has("error")) {
        detail = n.get("error").asText() + (n.has("detail") ? ": " + n.get("detail").asText() : "");
      }
    } catch (IOException e) {
      // not JSON: keep the raw body
    }
    if (detail.length() > 500) {
      detail = detail.substring(0, 500) + "...";
    }
    String hint = status == 401 ? " (set PRECURSOR_API_TOKEN to the engine's api.token)" : "";
    return "engine answered " + status + " to " + method + " " + path + ": " + detail + hint;
  }

  /** Settings with sensible CI defaults: 5 s connect, 15 s per request, 4 attempts from 500 ms. */
  public static final class Builder {
    private final URI engine;
    private @Nullable String token;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(15);
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    private Builder(URI engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Bearer token for the engine's write endpoints ({@code api.token}); null for none. */
    public Builder token(@Nullable String token) {
      this.token = token == null || token.isBlank() ? null : token;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = d;
      return this;
    }

    public Builder maxAttempts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = n;
      return this;
    }

    public Builder initialBackoff(Duration d) {
      this.initialBackoff = d;
      return this;
    }

    public Builder sleeper(Sleeper s) {
      this.sleeper = s;
      return this;
    }

    public DeployMarkerClient build() {
      return new DeployMarkerClient(this);
    }
  }
}
