package dev.precursor.servicenow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.DownstreamException;
import dev.precursor.model.Json;
import dev.precursor.servicenow.ServiceNowConfig;
import dev.precursor.ticket.Backoff;
import dev.precursor.ticket.RetryAfterException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * ServiceNow over Retrofit and OkHttp: authentication (basic or OAuth), the shared rate-limit
 * cool-down ({@link RateLimitGate}), the JSON-only guard, and the mapping of every failure to a
 * {@link DownstreamException} that names ServiceNow's {@code error.message} and {@code
 * error.detail}: 429 and 5xx as a {@link RetryAfterException} carrying the wait (so the shared
 * outbox backs off with jitter and honours it), I/O errors as retryable, other 4xx as final and
 * logged. No call is retried in place here: the ticket outbox retries sink actions (and a sink's
 * next attempt looks its record up first, so a write that did land is not repeated), {@link
 * dev.precursor.ticket.RetryPolicy} retries history pages. Returns the {@code result} member of
 * each answer. Thread-safe.
 */
public final class ServiceNowClient implements AutoCloseable {
  /** The {@link DownstreamException#service()} of every failure. */
  public static final String SERVICE = "servicenow";

  private static final Logger LOG = Logger.getLogger(ServiceNowClient.class.getName());

  private final String baseUrl;
  private final OkHttpClient http;
  private final ServiceNowApi api;
  private final RateLimitGate gate;
  private final Clock clock;
  private final @Nullable OAuthTokens oauth;

  public ServiceNowClient(ServiceNowConfig config, Clock clock, RandomGenerator random) {
    this.baseUrl = config.url();
    this.clock = clock;
    this.gate =
        new RateLimitGate(
            new Backoff(config.rateLimitBackoff(), config.rateLimitCooldown()), clock, random);
    OkHttpClient base =
        new OkHttpClient.Builder()
            .connectTimeout(config.timeout())
            .readTimeout(config.timeout())
            .writeTimeout(config.timeout())
            .retryOnConnectionFailure(false)
            .addInterceptor(gate)
            .addInterceptor(new JsonOnlyInterceptor())
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain.request().newBuilder().header("Accept", "application/json").build()))
            .build();
    OkHttpClient.Builder main = base.newBuilder();
    if (config.auth() == ServiceNowConfig.Auth.BASIC) {
      this.oauth = null;
      main.addInterceptor(
          new BasicAuthInterceptor(requireValue(config.user()), requireValue(config.password())));
    } else {
      OAuthApi tokenApi = retrofit(base).create(OAuthApi.class);
      this.oauth =
          new OAuthTokens(
              tokenApi,
              config.auth() == ServiceNowConfig.Auth.OAUTH_PASSWORD
                  ? OAuthTokens.Grant.PASSWORD
                  : OAuthTokens.Grant.CLIENT_CREDENTIALS,
              requireValue(config.clientId()),
              requireValue(config.clientSecret()),
              config.user(),
              config.password(),
              config.oauthScope(),
              clock);
      main.addInterceptor(oauth).authenticator(oauth);
    }
    this.http = main.build();
    this.api = retrofit(http).create(ServiceNowApi.class);
  }

  private Retrofit retrofit(OkHttpClient client) {
    return new Retrofit.Builder()
        .baseUrl(baseUrl + "/")
        .client(client)
        .addConverterFactory(JacksonConverterFactory.create(Json.mapper()))
        .build();
  }

  /** The instance base URL, without trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The OAuth token source, when OAuth is configured (tests read its counter). */
  public @Nullable OAuthTokens oauth() {
    return oauth;
  }

  /** The shared rate-limit cool-down. */
  public RateLimitGate rateLimit() {
    return gate;
  }

  /** {@code GET /api/now/v2/table/{table}}: one page of records matching an encoded query. */
  public List<JsonNode> query(String table, String query, String fields, int limit, int offset) {
    JsonNode result =
        execute("query " + table, api.query(table, query, fields, limit, offset, true, true));
    if (!result.isArray()) {
      throw new DownstreamException(
          SERVICE,
          200,
          false,
          "query " + table + ": expected a result array, got " + result.getNodeType());
    }
    List<JsonNode> rows = new ArrayList<>(result.size());
    result.forEach(rows::add);
    return rows;
  }

  /** {@code POST /api/now/v2/table/{table}}: the created record. */
  public JsonNode create(String table, Map<String, String> fields, boolean inputDisplayValue) {
    return record("create " + table, api.create(table, inputDisplayValue, true, fields));
  }

  /** {@code PATCH /api/now/v2/table/{table}/{sys_id}}: the updated record. */
  public JsonNode update(
      String table, String sysId, Map<String, String> fields, boolean inputDisplayValue) {
    return record(
        "update " + table + " " + sysId, api.update(table, sysId, inputDisplayValue, true, fields));
  }

  /** {@code POST /api/now/attachment/file}: the attachment record. */
  public JsonNode attach(
      String table, String sysId, String fileName, String contentType, byte[] content) {
    RequestBody body = RequestBody.create(content, MediaType.get(contentType));
    return record(
        "attach " + fileName + " to " + table + " " + sysId,
        api.attach(table, sysId, fileName, body));
  }

  /** {@code GET /api/now/attachment}: the attachment records matching an encoded query. */
  public List<JsonNode> attachments(String query, int limit) {
    JsonNode result = execute("list attachments", api.attachments(query, limit));
    List<JsonNode> rows = new ArrayList<>();
    result.forEach(rows::add);
    return rows;
  }

  private JsonNode record(String what, Call<JsonNode> call) {
    JsonNode result = execute(what, call);
    if (!result.isObject() || result.path("sys_id").asText("").isEmpty()) {
      throw new DownstreamException(
          SERVICE, 200, false, what + ": the answer holds no record with a sys_id");
    }
    return result;
  }

  private JsonNode execute(String what, Call<JsonNode> call) {
    Response<JsonNode> response;
    try {
      response = call.execute();
    } catch (ServiceNowIoException e) {
      Instant retryAt = e.retryAt();
      if (retryAt != null) {
        Duration left = Duration.between(clock.instant(), retryAt);
        throw new RetryAfterException(
            SERVICE,
            e.status(),
            left.isNegative() ? Duration.ZERO : left,
            what + ": " + e.getMessage());
      }
      if (!e.isRetryable()) {
        LOG.log(Level.WARNING, "ServiceNow refused {0}: {1}", new Object[] {what, e.getMessage()});
      }
      throw new DownstreamException(
          SERVICE, e.status(), e.isRetryable(), what + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new DownstreamException(SERVICE, 0, true, what + " failed: " + e, e);
    }
    if (response.isSuccessful()) {
      JsonNode body = response.body();
      if (body == null || !body.has("result")) {
        throw new DownstreamException(
            SERVICE, response.code(), false, what + ": the answer has no 'result' member");
      }
      return body.get("result");
    }
    int status = response.code();
    String reason = "";
    try (ResponseBody err = response.errorBody()) {
      if (err != null) {
        reason = describeError(err.string());
      }
    } catch (IOException e) {
      reason = "(error body unreadable: " + e.getMessage() + ")";
    }
    boolean retryable = status == 429 || status >= 500;
    String message =
        what
            + " failed with HTTP "
            + status
            + (reason.isEmpty() ? "" : ": " + reason)
            + advice(status);
    if (retryable) {
      // 429: the shared cool-down just started (with jitter); 5xx: whatever the server named.
      Duration wait =
          status == 429 && gate.remaining() != null
              ? gate.remaining()
              : RetryAfterException.parseRetryAfter(
                  response.headers().get("Retry-After"), clock.instant());
      throw new RetryAfterException(SERVICE, status, wait, message);
    }
    // Final: nobody retries it, so this is where an operator learns why ServiceNow refused.
    LOG.log(Level.WARNING, "ServiceNow refused {0}", message);
    throw new DownstreamException(SERVICE, status, false, message);
  }

  private static String advice(int status) {
    return switch (status) {
      case 401 -> " (credentials rejected: check servicenow.user/password or the OAuth client)";
      case 403 ->
          " (the integration user lacks a role, or an ACL, business rule or data policy refused"
              + " the write)";
      case 404 -> " (no such record or table, or hidden from the integration user by an ACL)";
      default -> "";
    };
  }

  /**
   * ServiceNow's explanation from an error body: {@code error.message} and {@code error.detail} of
   * the Table API, or {@code error}/{@code error_description} of the token endpoint, else the start
   * of the body.
   */
  static String describeError(String body) {
    String trimmed = body.strip();
    if (trimmed.isEmpty()) {
      return "";
    }
    try {
      JsonNode n = Json.mapper().readTree(trimmed);
      JsonNode error = n.path("error");
      if (error.isObject()) {
        String message = error.path("message").asText("");
        JsonNode detail = error.path("detail");
        String d = detail.isNull() || detail.isMissingNode() ? "" : detail.asText("");
        return d.isEmpty() || d.equals(message) ? message : message + " (detail: " + d + ")";
      }
      String description = n.path("error_description").asText("");
      if (error.isTextual() || !description.isEmpty()) {
        return (error.asText("") + " " + description).strip();
      }
    } catch (IOException e) {
      // not JSON: fall through to the raw start
    }
    String flat = trimmed.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
  }

  private static String requireValue(@Nullable String s) {
    if (s == null) {
      throw new IllegalStateException("validated by ServiceNowConfig.from");
    }
    return s;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
