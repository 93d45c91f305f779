package dev.precursor.servicenow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.Authenticator;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;
import org.jspecify.annotations.Nullable;

/**
 * OAuth 2.0 bearer tokens from ServiceNow's {@code /oauth_token.do}: fetched with the password or
 * client-credentials grant, renewed shortly before {@code expires_in} runs out and after a 401
 * (with the refresh-token grant when ServiceNow issued one, else the original grant). Adds {@code
 * Authorization: Bearer} as an interceptor and renews as an OkHttp {@link Authenticator}. Tokens,
 * secrets and passwords never appear in logs or exception messages. Thread-safe.
 */
public final class OAuthTokens implements Interceptor, Authenticator {
  private static final Logger LOG = Logger.getLogger(OAuthTokens.class.getName());
  private static final Duration SKEW = Duration.ofSeconds(60);
  private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(1800);

  /** The grant used to get a first token. */
  public enum Grant {
    PASSWORD,
    CLIENT_CREDENTIALS
  }

  private record Token(String access, @Nullable String refresh, Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[expiresAt=" + expiresAt + "]";
    }
  }

  private final OAuthApi api;
  private final Grant grant;
  private final String clientId;
  private final String clientSecret;
  private final @Nullable String user;
  private final @Nullable String password;
  private final @Nullable String scope;
  private final Clock clock;
  private @Nullable Token current;
  private int fetched;

  public OAuthTokens(
      OAuthApi api,
      Grant grant,
      String clientId,
      String clientSecret,
      @Nullable String user,
      @Nullable String password,
      @Nullable String scope,
      Clock clock) {
    this.api = api;
    this.grant = grant;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.user = user;
    this.password = password;
    this.scope = scope;
    this.clock = clock;
  }

  /** How many tokens were obtained so far (first grant, refreshes, re-grants). */
  public synchronized int tokensFetched() {
    return fetched;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(
        chain.request().newBuilder().header("Authorization", "Bearer " + accessToken()).build());
  }

  @Override
  public @Nullable Request authenticate(@Nullable Route route, Response response)
      throws IOException {
    if (response.priorResponse() != null) {
      return null; // the renewed token was rejected too: the credentials are wrong
    }
    String sent = response.request().header("Authorization");
    String rejected = sent != null && sent.startsWith("Bearer ") ? sent.substring(7) : "";
    String token = renewAfterRejection(rejected);
    return response.request().newBuilder().header("Authorization", "Bearer " + token).build();
  }

  private synchronized String accessToken() throws IOException {
    Token t = current;
    if (t == null || !clock.instant().isBefore(t.expiresAt().minus(SKEW))) {
      t = renew(t);
      current = t;
    }
    return t.access();
  }

  private synchronized String renewAfterRejection(String rejected) throws IOException {
    Token t = current;
    if (t != null && !t.access().equals(rejected)) {
      return t.access(); // another call renewed it already
    }
    LOG.fine("ServiceNow rejected the access token (401); renewing it");
    t = renew(t);
    current = t;
    return t.access();
  }

  private Token renew(@Nullable Token old) throws IOException {
    if (old != null && old.refresh() != null) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "refresh_token");
      form.put("client_id", clientId);
      form.put("client_secret", clientSecret);
      form.put("refresh_token", old.refresh());
      try {
        return request(form, "refresh_token");
      } catch (ServiceNowIoException e) {
        if (e.isRetryable()) {
          throw e;
        }
        LOG.log(Level.FINE, "refresh token rejected ({0}); requesting a new token", e.getMessage());
      }
    }
    Map<String, String> form = new LinkedHashMap<>();
    if (grant == Grant.PASSWORD) {
      form.put("grant_type", "password");
      form.put("client_id", clientId);
      form.put("client_secret", clientSecret);
      form.put("username", user == null ? "" : user);
      form.put("password", password == null ? "" : password);
    } else {
      form.put("grant_type", "client_credentials");
      form.put("client_id", clientId);
      form.put("client_secret", clientSecret);
    }
    if (scope != null) {
      form.put("scope", scope);
    }
    return request(form, form.get("grant_type"));
  }

  private Token request(Map<String, String> form, String grantType) throws IOException {
    retrofit2.Response<JsonNode> r = api.token(form).execute();
    if (!r.isSuccessful()) {
      String reason = "";
      try (okhttp3.ResponseBody err = r.errorBody()) {
        if (err != null) {
          reason = ServiceNowClient.describeError(err.string());
        }
      }
      int status = r.code();
      throw new ServiceNowIoException(
          status,
          status == 429 || status >= 500,
          null,
          "OAuth token request (grant_type="
              + grantType
              + ") failed with HTTP "
              + status
              + (reason.isEmpty() ? "" : ": " + reason));
    }
    JsonNode body = r.body();
    String access = body == null ? "" : body.path("access_token").asText("");
    if (access.isEmpty()) {
      throw new ServiceNowIoException(
          r.code(),
          false,
          null,
          "OAuth token response (grant_type=" + grantType + ") has no access_token");
    }
    String refresh = body.path("refresh_token").asText("");
    long expiresIn = body.path("expires_in").asLong(0);
    Duration lifetime = expiresIn > 0 ? Duration.ofSeconds(expiresIn) : DEFAULT_LIFETIME;
    synchronized (this) {
      fetched++;
    }
    return new Token(access, refresh.isEmpty() ? null : refresh, clock.instant().plus(lifetime));
  }

  @Override
  public String toString() {
    return "OAuthTokens[grant=" + grant + "]";
  }
}
