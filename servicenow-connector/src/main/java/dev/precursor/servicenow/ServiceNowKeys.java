package dev.precursor.servicenow;

import dev.precursor.config.ConfigKey;
import dev.precursor.config.ConfigKey.Type;
import dev.precursor.config.ConfigKeyProvider;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code servicenow.*} keys beyond the core four ({@code url}, {@code user}, {@code password},
 * {@code assignment-group}, declared in {@link dev.precursor.config.ConfigSchema#CORE}).
 */
public final class ServiceNowKeys implements ConfigKeyProvider {
  public static final String AUTH = "servicenow.auth";
  public static final String CLIENT_ID = "servicenow.client-id";
  public static final String CLIENT_SECRET = "servicenow.client-secret";
  public static final String OAUTH_SCOPE = "servicenow.oauth-scope";
  public static final String CALLER = "servicenow.caller";
  public static final String CATEGORY = "servicenow.category";
  public static final String SUBCATEGORY = "servicenow.subcategory";
  public static final String CMDB_CI = "servicenow.cmdb-ci";
  public static final String CLOSE_CODE = "servicenow.close-code";
  public static final String CLOSE_NOTES = "servicenow.close-notes";
  public static final String RESOLVE_STATE = "servicenow.resolve-state";
  public static final String REOPEN_STATE = "servicenow.reopen-state";
  public static final String REOPEN_WINDOW = "servicenow.reopen-window";
  public static final String PROBLEM_RECORDS = "servicenow.problem-records";
  public static final String PROBLEM_SIMILARITY = "servicenow.problem-similarity";
  public static final String CORRELATION_DISPLAY = "servicenow.correlation-display";
  public static final String TIMEOUT = "servicenow.timeout";
  public static final String MAX_ATTEMPTS = "servicenow.max-attempts";
  public static final String RATE_LIMIT_BACKOFF = "servicenow.rate-limit-backoff";
  public static final String MAX_RETRY_WAIT = "servicenow.max-retry-wait";
  public static final String RATE_LIMIT_COOLDOWN = "servicenow.rate-limit-cooldown";
  public static final String PAGE_SIZE = "servicenow.page-size";

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        key(
            AUTH,
            Type.STRING,
            "basic",
            "basic, oauth-password or oauth-client-credentials (token from /oauth_token.do)"),
        key(CLIENT_ID, Type.STRING, null, "OAuth client id (Application Registry)"),
        new ConfigKey(CLIENT_SECRET, Type.STRING, null, true, "OAuth client secret"),
        key(OAUTH_SCOPE, Type.STRING, null, "OAuth scope to request (optional)"),
        key(CALLER, Type.STRING, null, "caller_id of created incidents: sys_id or user name"),
        key(CATEGORY, Type.STRING, "software", "category of created incidents"),
        key(SUBCATEGORY, Type.STRING, null, "subcategory of created incidents (optional)"),
        key(
            CMDB_CI,
            Type.LIST,
            "",
            "cmdb_ci per service: service=ci pairs (sys_id or CI name), '*=ci' for the rest"),
        key(CLOSE_CODE, Type.STRING, "Solved (Permanently)", "close_code set on resolve"),
        key(
            CLOSE_NOTES,
            Type.STRING,
            "Recovered: the signals Precursor tracked are back at baseline.",
            "close_notes set on resolve (the recovery time is appended)"),
        key(RESOLVE_STATE, Type.STRING, "6", "state value that resolves an incident"),
        key(REOPEN_STATE, Type.STRING, "2", "state value set when a recurrence reopens one"),
        key(
            REOPEN_WINDOW,
            Type.DURATION,
            "24h",
            "a recurrence this soon after resolution reopens the incident instead of filing anew"),
        key(
            PROBLEM_RECORDS,
            Type.BOOLEAN,
            "false",
            "on resolve, link a recurring pattern's incidents to one problem record"),
        key(
            PROBLEM_SIMILARITY,
            Type.PROBABILITY,
            "0.8",
            "similarity to a past incident from which a pattern counts as recurring"),
        key(
            CORRELATION_DISPLAY,
            Type.STRING,
            "Precursor",
            "correlation_display written on records Precursor creates"),
        key(TIMEOUT, Type.DURATION, "30s", "connect/read timeout of one HTTP call"),
        key(
            MAX_ATTEMPTS,
            Type.INT,
            "5",
            "attempts per page on 429/5xx during history import (ticket actions are retried by"
                + " the outbox, ticket.retry-*)"),
        key(
            MAX_RETRY_WAIT,
            Type.DURATION,
            "2m",
            "longest in-place wait during history import; a longer Retry-After stops the import"),
        key(
            RATE_LIMIT_BACKOFF,
            Type.DURATION,
            "10s",
            "cool-down after a 429 without Retry-After; doubles per consecutive 429, with jitter"),
        key(
            RATE_LIMIT_COOLDOWN,
            Type.DURATION,
            "15m",
            "longest cool-down after consecutive 429s without Retry-After"),
        key(PAGE_SIZE, Type.INT, "100", "records per page when importing history"));
  }

  private static ConfigKey key(String name, Type type, @Nullable String def, String description) {
    return new ConfigKey(name, type, def, false, description);
  }
}
