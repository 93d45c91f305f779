package dev.precursor.grafana.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precursor.grafana.engine.EngineModel.Deploy;
import dev.precursor.grafana.engine.EngineModel.Health;
import dev.precursor.grafana.engine.EngineModel.Prediction;
import dev.precursor.grafana.engine.EngineModel.ScoreSeries;
import dev.precursor.grafana.engine.EngineModel.ServiceGraph;
import dev.precursor.grafana.engine.EngineModel.Situation;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The engine's HTTP API ({@code /api/v1}) for one data source. Sends the data source's token as
 * {@code Authorization: Bearer} when one is set; follows {@code nextCursor} pages up to {@link
 * #MAX_PAGES}. Failures become {@link EngineException}s whose message says what to fix.
 * Thread-safe.
 */
public final class EngineClient {
  /** Page size asked of list endpoints (the engine's maximum). */
  static final int PAGE_LIMIT = 1000;

  /** Pages followed per list call; beyond that the result is marked truncated. */
  static final int MAX_PAGES = 20;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private final HttpClient http;
  private final EngineSettings settings;
  private final String userAgent;

  public EngineClient(HttpClient http, EngineSettings settings, String userAgent) {
    this.http = http;
    this.settings = settings;
    this.userAgent = userAgent;
  }

  /** A shared HTTP client for every data source (one connection pool). */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  public EngineSettings settings() {
    return settings;
  }

  /** A list answer: the items of every page read, and whether pages were left unread. */
  public record Listed<T>(List<T> items, boolean truncated, String request) {}

  public Health health() {
    Response r = send("GET", "/api/v1/health", Map.of(), null);
    if (r.status() != 200 && r.status() != 503) {
      throw failure(r);
    }
    JsonNode b = r.json();
    JsonNode wm = b.get("watermark");
    return new Health(
        r.status(),
        b.path("status").asText(r.status() == 200 ? "ok" : "degraded"),
        b.path("version").asText(""),
        wm == null || wm.isNull() ? null : wm.asText());
  }

  /**
   * Checks that the engine accepts this data source's token for writes, without writing: an empty
   * deploy is rejected by validation (400) only after the token was accepted (else 401).
   *
   * @return empty when accepted, else the engine's reason
   */
  public Optional<String> rejectedToken() {
    Response r = send("POST", "/api/v1/deploys", Map.of(), "{}");
    if (r.status() == 401 || r.status() == 403) {
      return Optional.of(errorText(r));
    }
    if (r.status() >= 500) {
      throw failure(r);
    }
    return Optional.empty();
  }

  public Listed<Prediction> predictions(
      @Nullable Instant from, @Nullable Instant to, @Nullable String service) {
    Map<String, String> q = range(from, to);
    putIfSet(q, "service", service);
    return list("/api/v1/predictions", q, EngineJsonMapper::prediction);
  }

  public Listed<Situation> situations(@Nullable Instant from, @Nullable Instant to) {
    return list("/api/v1/situations", range(from, to), EngineJsonMapper::situation);
  }

  /** {@code GET /api/v1/situations/{id}}; empty when the engine answers 404. */
  public Optional<Situation> situation(String id) {
    Response r =
        send(
            "GET",
            "/api/v1/situations/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
            Map.of(),
            null);
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (r.status() != 200) {
      throw failure(r);
    }
    return Optional.of(EngineJsonMapper.situation(r.json()));
  }

  public Listed<Deploy> deploys(
      @Nullable Instant from, @Nullable Instant to, @Nullable String service) {
    Map<String, String> q = range(from, to);
    putIfSet(q, "service", service);
    return list("/api/v1/deploys", q, EngineJsonMapper::deploy);
  }

  public Listed<ScoreSeries> scores(
      @Nullable String service,
      @Nullable String metric,
      @Nullable Instant from,
      @Nullable Instant to) {
    Map<String, String> q = range(from, to);
    putIfSet(q, "service", service);
    putIfSet(q, "metric", metric);
    Listed<JsonNode> raw = list("/api/v1/scores", q, Function.identity());
    return new Listed<>(EngineJsonMapper.scores(raw.items()), raw.truncated(), raw.request());
  }

  public ServiceGraph services() {
    Response r = send("GET", "/api/v1/services", Map.of(), null);
    if (r.status() != 200) {
      throw failure(r);
    }
    return EngineJsonMapper.serviceGraph(r.json());
  }

  private <T> Listed<T> list(String path, Map<String, String> query, Function<JsonNode, T> item) {
    List<T> out = new ArrayList<>();
    Map<String, String> q = new LinkedHashMap<>(query);
    q.put("limit", Integer.toString(PAGE_LIMIT));
    String request = "GET " + path + queryString(query);
    for (int page = 0; page < MAX_PAGES; page++) {
      Response r = send("GET", path, q, null);
      if (r.status() != 200) {
        throw failure(r);
      }
      JsonNode body = r.json();
      JsonNode items = body.get("items");
      if (items == null || !items.isArray()) {
        throw new EngineException(
            502, "engine answered " + path + " without an 'items' array: " + abbreviate(r.body()));
      }
      for (JsonNode n : items) {
        out.add(item.apply(n));
      }
      JsonNode next = body.get("nextCursor");
      if (next == null || next.isNull() || next.asText().isEmpty()) {
        return new Listed<>(out, false, request);
      }
      q.put("cursor", next.asText());
    }
    return new Listed<>(out, true, request);
  }

  private record Response(int status, String body, String path) {
    JsonNode json() {
      try {
        JsonNode n = MAPPER.readTree(body);
        if (n == null || !n.isObject()) {
          throw new EngineException(
              502, "engine answered " + path + " with no JSON object: " + abbreviate(body));
        }
        return n;
      } catch (JsonProcessingException e) {
        throw new EngineException(
            502,
            "engine answered "
                + path
                + " with invalid JSON (is the URL a Precursor engine?): "
                + abbreviate(body));
      }
    }
  }

  private Response send(
      String method, String path, Map<String, String> query, @Nullable String body) {
    URI uri = URI.create(settings.url() + path + queryString(query));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .header("User-Agent", userAgent);
    if (settings.token() != null) {
      b.header("Authorization", "Bearer " + settings.token());
    }
    if (body == null) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), path);
    } catch (HttpConnectTimeoutException e) {
      throw new EngineException(
          504,
          "timed out connecting to the Precursor engine at "
              + settings.url()
              + "; check the URL and the network path from Grafana",
          e);
    } catch (HttpTimeoutException e) {
      throw new EngineException(
          504,
          "the Precursor engine at "
              + settings.url()
              + " did not answer "
              + path
              + " within "
              + TIMEOUT.toSeconds()
              + " s",
          e);
    } catch (ConnectException e) {
      throw new EngineException(
          502,
          "cannot reach the Precursor engine at "
              + settings.url()
              + " (connection refused): is `precursor serve` running, and is the URL's port its api.port (default 8470)?",
          e);
    } catch (IOException e) {
      throw new EngineException(
          502, "calling the Precursor engine at " + settings.url() + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(503, "interrupted while calling the engine", e);
    }
  }

  private EngineException failure(Response r) {
    String reason = errorText(r);
    if (r.status() == 401 || r.status() == 403) {
      return new EngineException(
          r.status(),
          "the engine rejected the token ("
              + reason
              + "): set secureJsonData.token to the engine's api.token");
    }
    if (r.status() == 404) {
      return new EngineException(
          404,
          "the engine at "
              + settings.url()
              + " has no "
              + r.path()
              + " ("
              + reason
              + "); is the URL the engine's base URL and the engine up to date?");
    }
    if (r.status() >= 400 && r.status() < 500) {
      return new EngineException(400, "the engine refused " + r.path() + ": " + reason);
    }
    return new EngineException(
        502, "the engine failed on " + r.path() + " with HTTP " + r.status() + ": " + reason);
  }

  private static String errorText(Response r) {
    try {
      JsonNode n = MAPPER.readTree(r.body());
      if (n != null && n.has("error")) {
        String detail = n.path("detail").asText("");
        return n.get("error").asText() + (detail.isEmpty() ? "" : ": " + detail);
      }
    } catch (JsonProcessingException e) {
      // not JSON: quote the body
    }
    return "HTTP " + r.status() + " " + abbreviate(r.body());
  }

  private static Map<String, String> range(@Nullable Instant from, @Nullable Instant to) {
    Map<String, String> q = new LinkedHashMap<>();
    if (from != null) {
      q.put("from", from.toString());
    }
    if (to != null) {
      q.put("to", to.toString());
    }
    return q;
  }

  private static void putIfSet(Map<String, String> q, String key, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      q.put(key, value);
    }
  }

  static String queryString(Map<String, String> q) {
    if (q.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("?");
    q.forEach(
        (k, v) -> {
          if (sb.length() > 1) {
            sb.append('&');
          }
          sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return sb.toString();
  }

  static String abbreviate(String s) {
    String t = s.strip();
    return t.length() <= 200 ? t : t.substring(0, 200) + "…";
  }
}
