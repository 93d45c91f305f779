package dev.precursor.servicenow;

import static dev.precursor.servicenow.ServiceNowKeys.*;

import dev.precursor.ConfigException;
import dev.precursor.config.PrecursorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The connector's slice of the configuration, validated once: every problem is reported together.
 *
 * @param url instance base URL without trailing slash, e.g. {@code https://acme.service-now.com}
 * @param cmdbCi service name → cmdb_ci value; key {@code *} for every other service
 */
public record ServiceNowConfig(
    String url,
    Auth auth,
    @Nullable String user,
    @Nullable String password,
    @Nullable String clientId,
    @Nullable String clientSecret,
    @Nullable String oauthScope,
    String environment,
    @Nullable String assignmentGroup,
    @Nullable String caller,
    String category,
    @Nullable String subcategory,
    Map<String, String> cmdbCi,
    String closeCode,
    String closeNotes,
    String resolveState,
    String reopenState,
    Duration reopenWindow,
    boolean problemRecords,
    double problemSimilarity,
    String correlationDisplay,
    Duration timeout,
    int maxAttempts,
    Duration maxRetryWait,
    Duration rateLimitBackoff,
    Duration rateLimitCooldown,
    int pageSize) {

  /** How the connector authenticates. */
  public enum Auth {
    /** {@code Authorization: Basic} with {@code servicenow.user}/{@code servicenow.password}. */
    BASIC,
    /** OAuth password grant: client id/secret plus user/password. */
    OAUTH_PASSWORD,
    /** OAuth client-credentials grant: client id/secret (needs an OAuth Application User). */
    OAUTH_CLIENT_CREDENTIALS;

    static Optional<Auth> parse(String s) {
      return switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "basic" -> Optional.of(BASIC);
        case "oauth-password" -> Optional.of(OAUTH_PASSWORD);
        case "oauth-client-credentials" -> Optional.of(OAUTH_CLIENT_CREDENTIALS);
        default -> Optional.empty();
      };
    }
  }

  public ServiceNowConfig {
    cmdbCi = Map.copyOf(cmdbCi);
  }

  /** Whether {@code servicenow.url} is set, i.e. the connector is enabled. */
  public static boolean isEnabled(PrecursorConfig config) {
    return config.string("servicenow.url").filter(s -> !s.isBlank()).isPresent();
  }

  /**
   * Reads and validates the {@code servicenow.*} keys.
   *
   * @throws ConfigException listing every problem
   */
  public static ServiceNowConfig from(PrecursorConfig c) {
    List<String> problems = new ArrayList<>();
    String url = c.string("servicenow.url").map(String::trim).orElse("");
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    if (url.isEmpty()) {
      problems.add("servicenow.url: required, e.g. https://acme.service-now.com");
    } else {
      try {
        URI u = URI.create(url);
        if (u.getScheme() == null
            || !(u.getScheme().equals("https") || u.getScheme().equals("http"))
            || u.getHost() == null) {
          problems.add("servicenow.url: expected an http(s) URL, got '" + url + "'");
        }
      } catch (IllegalArgumentException e) {
        problems.add("servicenow.url: not a URL: '" + url + "'");
      }
    }
    String authRaw = c.string(AUTH).orElse("basic");
    Auth auth = Auth.parse(authRaw).orElse(Auth.BASIC);
    if (Auth.parse(authRaw).isEmpty()) {
      problems.add(
          AUTH
              + ": expected basic, oauth-password or oauth-client-credentials, got '"
              + authRaw
              + "'");
    }
    String user = blankToNull(c.string("servicenow.user").orElse(null));
    String password = secret(c.string("servicenow.password").orElse(null));
    String clientId = blankToNull(c.string(CLIENT_ID).orElse(null));
    String clientSecret = secret(c.string(CLIENT_SECRET).orElse(null));
    if (auth != Auth.OAUTH_CLIENT_CREDENTIALS && (user == null || password == null)) {
      problems.add(
          "servicenow.user and servicenow.password: required with " + AUTH + "=" + authRaw.trim());
    }
    if (auth != Auth.BASIC && (clientId == null || clientSecret == null)) {
      problems.add(
          CLIENT_ID + " and " + CLIENT_SECRET + ": required with " + AUTH + "=" + authRaw.trim());
    }
    Map<String, String> cmdb = new LinkedHashMap<>();
    for (String pair : c.list(CMDB_CI)) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        problems.add(CMDB_CI + ": expected service=ci pairs, got '" + pair + "'");
        continue;
      }
      cmdb.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    String resolveState = c.string(RESOLVE_STATE).orElse("6").trim();
    String reopenState = c.string(REOPEN_STATE).orElse("2").trim();
    requireNumber(RESOLVE_STATE, resolveState, problems);
    requireNumber(REOPEN_STATE, reopenState, problems);
    String closeCode = c.string(CLOSE_CODE).orElse("").trim();
    if (closeCode.isEmpty()) {
      problems.add(CLOSE_CODE + ": must not be empty (ServiceNow rejects a resolve without it)");
    }
    String closeNotes = c.string(CLOSE_NOTES).orElse("").trim();
    if (closeNotes.isEmpty()) {
      problems.add(CLOSE_NOTES + ": must not be empty (ServiceNow rejects a resolve without it)");
    }
    int maxAttempts = c.integer(MAX_ATTEMPTS);
    if (maxAttempts < 1 || maxAttempts > 20) {
      problems.add(MAX_ATTEMPTS + ": expected 1-20, got " + maxAttempts);
    }
    int pageSize = c.integer(PAGE_SIZE);
    if (pageSize < 1 || pageSize > 10_000) {
      problems.add(PAGE_SIZE + ": expected 1-10000, got " + pageSize);
    }
    Duration timeout = c.duration(TIMEOUT);
    positive(TIMEOUT, timeout, problems);
    Duration rateLimitBackoff = c.duration(RATE_LIMIT_BACKOFF);
    positive(RATE_LIMIT_BACKOFF, rateLimitBackoff, problems);
    Duration rateLimitCooldown = c.duration(RATE_LIMIT_COOLDOWN);
    if (rateLimitCooldown.compareTo(rateLimitBackoff) < 0) {
      problems.add(
          RATE_LIMIT_COOLDOWN
              + " ("
              + rateLimitCooldown
              + ") must not be below "
              + RATE_LIMIT_BACKOFF
              + " ("
              + rateLimitBackoff
              + ")");
    }
    Duration maxRetryWait = c.duration(MAX_RETRY_WAIT);
    positive(MAX_RETRY_WAIT, maxRetryWait, problems);
    String environment = c.environment().trim();
    if (environment.isEmpty()) {
      problems.add("engine.environment: must not be empty (it is part of every correlation_id)");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ServiceNowConfig(
        url,
        auth,
        user,
        password,
        clientId,
        clientSecret,
        blankToNull(c.string(OAUTH_SCOPE).orElse(null)),
        environment,
        blankToNull(c.string("servicenow.assignment-group").orElse(null)),
        blankToNull(c.string(CALLER).orElse(null)),
        c.string(CATEGORY).orElse("software"),
        blankToNull(c.string(SUBCATEGORY).orElse(null)),
        cmdb,
        closeCode,
        closeNotes,
        resolveState,
        reopenState,
        c.duration(REOPEN_WINDOW),
        c.flag(PROBLEM_RECORDS),
        c.number(PROBLEM_SIMILARITY),
        c.string(CORRELATION_DISPLAY).orElse("Precursor"),
        timeout,
        maxAttempts,
        maxRetryWait,
        rateLimitBackoff,
        rateLimitCooldown,
        pageSize);
  }

  /** The cmdb_ci for a service: its own mapping, else the {@code *} mapping, else none. */
  public Optional<String> cmdbCiFor(@Nullable String service) {
    if (service != null && cmdbCi.containsKey(service)) {
      return Optional.of(cmdbCi.get(service));
    }
    return Optional.ofNullable(cmdbCi.get("*"));
  }

  @Override
  public String toString() {
    // Never print credentials (records print every component by default).
    return "ServiceNowConfig[url=" + url + ", auth=" + auth + ", user=" + user + "]";
  }

  private static void requireNumber(String key, String v, List<String> problems) {
    if (!v.matches("[0-9]+")) {
      problems.add(key + ": expected a numeric state value, got '" + v + "'");
    }
  }

  private static void positive(String key, Duration d, List<String> problems) {
    if (d.isNegative() || d.isZero()) {
      problems.add(key + ": must be positive, got " + d);
    }
  }

  /** Secrets are kept verbatim (whitespace may be part of them); only empty means unset. */
  private static @Nullable String secret(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
