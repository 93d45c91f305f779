package dev.precursor.cli;

import dev.precursor.DownstreamException;
import dev.precursor.config.PrecursorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A running engine's HTTP API, for commands that work on the engine's state: found at {@code
 * --engine URL}, else {@code PRECURSOR_ENGINE_URL}, else {@code http://localhost:<api.port>}. Such
 * commands use it when it answers {@code GET /api/v1/health}, so they never fight a running engine
 * for its store, and open the store themselves otherwise.
 */
final class EngineApiClient {
  private final String baseUrl;
  private final @Nullable String token;
  private final HttpClient http;

  private EngineApiClient(String baseUrl, @Nullable String token, HttpClient http) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.http = http;
  }

  /** The engine URL the options, environment and configuration name. */
  static String url(@Nullable String option, PrecursorConfig config) {
    if (option != null && !option.isBlank()) {
      return strip(option);
    }
    String env = System.getenv("PRECURSOR_ENGINE_URL");
    if (env != null && !env.isBlank()) {
      return strip(env);
    }
    return "http://localhost:" + config.api().port();
  }

  private static String strip(String url) {
    return url.replaceAll("/+$", "");
  }

  /**
   * The engine at {@code url} when it answers its health endpoint within a second, else empty.
   *
   * @param required when true (the URL was given explicitly), an engine that does not answer is an
   *     error rather than a reason to work offline
   * @throws DownstreamException when required and the engine does not answer
   */
  static Optional<EngineApiClient> probe(String url, @Nullable String token, boolean required) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/api/v1/health"))
                  .timeout(Duration.ofSeconds(3))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 200) {
        return Optional.of(new EngineApiClient(url, token, http));
      }
      if (required) {
        throw new DownstreamException(
            "engine", r.statusCode(), true, url + "/api/v1/health answered " + r.statusCode());
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      if (required) {
        throw new DownstreamException("engine", 0, true, "no engine answers at " + url, e);
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownstreamException("engine", 0, true, "interrupted", e);
    }
  }

  String baseUrl() {
    return baseUrl;
  }

  /** An HTTP response: status, body and the learn-status header. */
  record Response(int status, String body, @Nullable String learnStatus) {}

  Response get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET());
  }

  Response postJson(String path, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r =
          http.send(
              b.timeout(Duration.ofMinutes(2)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(
          r.statusCode(), r.body(), r.headers().firstValue("Precursor-Learn-Status").orElse(null));
    } catch (IOException e) {
      throw new DownstreamException("engine", 0, true, baseUrl + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownstreamException("engine", 0, true, "interrupted", e);
    }
  }
}
