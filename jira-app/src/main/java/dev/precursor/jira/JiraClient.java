package dev.precursor.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.precursor.DownstreamException;
import dev.precursor.model.Json;
import dev.precursor.ticket.RateLimiter;
import dev.precursor.ticket.RetryAfterException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Jira's REST API over the JDK HTTP client: authentication (Cloud: e-mail + API token as Basic;
 * Data Center: personal access token as Bearer), JSON in and out, the client-side rate limit, and
 * error mapping. 429 and 5xx (and no answer at all) become {@link RetryAfterException} carrying
 * {@code Retry-After}; other 4xx become final {@link DownstreamException}s whose message holds
 * Jira's {@code errorMessages} and {@code errors}. The credentials are never part of a message or
 * log line. Thread-safe.
 */
final class JiraClient {
  static final String SERVICE = "jira";
  private final JiraConfig config;
  private final HttpClient http;
  private final RateLimiter limiter;
  private final Clock clock;
  private final String authorization;
  private final String api;

  JiraClient(JiraConfig config, HttpClient http, RateLimiter limiter, Clock clock) {
    this.config = config;
    this.http = http;
    this.limiter = limiter;
    this.clock = clock;
    this.authorization =
        config.user() != null
            ? "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (config.user() + ":" + config.token()).getBytes(StandardCharsets.UTF_8))
            : "Bearer " + config.token();
    this.api = "/rest/api/" + config.apiVersion();
  }

  /** A client with a real HTTP client, rate limiter and clock. */
  static JiraClient create(JiraConfig config) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    int burst = Math.max(1, (int) Math.ceil(config.rateLimit()));
    Clock clock = Clock.systemUTC();
    return new JiraClient(
        config,
        http,
        new RateLimiter(config.rateLimit(), burst, clock, dev.precursor.ticket.Sleeper.system()),
        clock);
  }

  JiraConfig config() {
    return config;
  }

  /** The browse URL of an issue. */
  String browseUrl(String issueKey) {
    return config.url() + "/browse/" + issueKey;
  }

  /** {@code /rest/api/<version>} + path. */
  String path(String path) {
    return api + path;
  }

  JsonNode get(String path) {
    return send("GET", path, null, null);
  }

  JsonNode post(String path, Object body) {
    return send("POST", path, json(body), "application/json");
  }

  JsonNode put(String path, Object body) {
    return send("PUT", path, json(body), "application/json");
  }

  /**
   * Uploads one file as multipart/form-data part {@code file}, with the {@code X-Atlassian-Token:
   * no-check} header Jira's XSRF protection requires.
   */
  JsonNode attach(String path, String filename, String contentType, byte[] content) {
    String boundary = "precursor-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + filename.replace("\"", "")
            + "\"\r\nContent-Type: "
            + contentType
            + "\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("X-Atlassian-Token", "no-check")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
    return execute("POST", path, b);
  }

  private static byte[] json(Object body) {
    try {
      return Json.mapper().writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serialise a Jira request body", e);
    }
  }

  private URI uri(String path) {
    return URI.create(config.url() + path);
  }

  private JsonNode send(
      String method, String path, byte @Nullable [] body, @Nullable String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return execute(method, path, b);
  }

  private JsonNode execute(String method, String path, HttpRequest.Builder b) {
    limiter.acquire();
    HttpRequest request =
        b.header("Authorization", authorization)
            .header("Accept", "application/json")
            .header("User-Agent", "precursor-jira")
            .timeout(config.timeout())
            .build();
    String what = method + " " + stripQuery(path);
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RetryAfterException(
          SERVICE, 0, null, what + ": no answer from " + config.url() + " (" + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownstreamException(SERVICE, 0, true, what + ": interrupted", e);
    }
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if (status >= 200 && status < 300) {
      if (text.isBlank()) {
        return MissingNode.getInstance();
      }
      try {
        return Json.mapper().readTree(text);
      } catch (IOException e) {
        throw new DownstreamException(
            SERVICE,
            status,
            false,
            what
                + ": answered "
                + status
                + " with a non-JSON body (is jira.url the Jira base URL?): "
                + snippet(text));
      }
    }
    String detail = errorDetail(text);
    if (status == 429 || status >= 500) {
      Duration retryAfter =
          RetryAfterException.parseRetryAfter(
              response.headers().firstValue("Retry-After").orElse(null), clock.instant());
      String reason = response.headers().firstValue("RateLimit-Reason").orElse(null);
      throw new RetryAfterException(
          SERVICE,
          status,
          retryAfter,
          what
              + " → "
              + status
              + (status == 429 ? " Too Many Requests" : "")
              + (reason != null ? " (" + reason + ")" : "")
              + (retryAfter != null ? ", Retry-After " + retryAfter.toSeconds() + "s" : "")
              + detail);
    }
    String hint =
        switch (status) {
          case 401 ->
              " Unauthorized: Jira rejected the credentials (Cloud: jira.user = the account"
                  + " e-mail and jira.token = an API token; Data Center: jira.user unset and"
                  + " jira.token = a personal access token)";
          case 403 ->
              " Forbidden: the Jira account lacks a permission for this (Browse projects, Create,"
                  + " Edit, Add comments, Create attachments, Transition issues in project "
                  + config.project()
                  + ")";
          case 404 -> " Not Found (check jira.url, jira.project and the issue)";
          case 410 -> " Gone (this Jira removed the endpoint; check jira.api-version)";
          default -> "";
        };
    throw new DownstreamException(SERVICE, status, false, what + " → " + status + hint + detail);
  }

  /** Jira's {@code errorMessages} and {@code errors}, or a snippet of a non-JSON body. */
  static String errorDetail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode n = Json.mapper().readTree(body);
      List<String> parts = new ArrayList<>();
      for (JsonNode m : n.path("errorMessages")) {
        parts.add(m.asText());
      }
      Iterator<Map.Entry<String, JsonNode>> it = n.path("errors").properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        parts.add(e.getKey() + ": " + e.getValue().asText());
      }
      if (parts.isEmpty() && n.has("message")) {
        parts.add(n.get("message").asText());
      }
      return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
    } catch (IOException | RuntimeException e) {
      return ": non-JSON answer: " + snippet(body);
    }
  }

  private static String snippet(String text) {
    String s = text.replaceAll("\\s+", " ").trim();
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  private static String stripQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }
}
