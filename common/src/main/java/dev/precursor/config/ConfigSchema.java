package dev.precursor.config;

import static dev.precursor.config.ConfigKey.Type.BOOLEAN;
import static dev.precursor.config.ConfigKey.Type.DURATION;
import static dev.precursor.config.ConfigKey.Type.INT;
import static dev.precursor.config.ConfigKey.Type.LIST;
import static dev.precursor.config.ConfigKey.Type.PORT;
import static dev.precursor.config.ConfigKey.Type.PROBABILITY;
import static dev.precursor.config.ConfigKey.Type.STRING;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * Every configuration key Precursor knows. The core keys are listed here; adapter modules add
 * theirs through a {@link ConfigKeyProvider} service, so a key is known exactly when the module
 * that reads it is on the classpath.
 */
public final class ConfigSchema {
  private final Map<String, ConfigKey> keys;

  private ConfigSchema(List<ConfigKey> keys) {
    Map<String, ConfigKey> m = new LinkedHashMap<>();
    for (ConfigKey k : keys) {
      if (m.put(k.name(), k) != null) {
        throw new IllegalStateException("configuration key declared twice: " + k.name());
      }
    }
    this.keys = Collections.unmodifiableMap(m);
  }

  /** The core keys plus those of every {@link ConfigKeyProvider} on the classpath. */
  public static ConfigSchema load() {
    List<ConfigKey> all = new ArrayList<>(CORE);
    for (ConfigKeyProvider p : ServiceLoader.load(ConfigKeyProvider.class)) {
      all.addAll(p.keys());
    }
    return new ConfigSchema(all);
  }

  /** Only the keys given, for tests. */
  public static ConfigSchema of(List<ConfigKey> keys) {
    return new ConfigSchema(keys);
  }

  public List<ConfigKey> keys() {
    return List.copyOf(keys.values());
  }

  public Optional<ConfigKey> find(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  static ConfigKey key(String name, ConfigKey.Type type, @Nullable String def, String description) {
    return new ConfigKey(name, type, def, false, description);
  }

  static ConfigKey secret(String name, String description) {
    return new ConfigKey(name, STRING, null, true, description);
  }

  /** Core keys; DESIGN.md's configuration table plus compatible extensions. */
  public static final List<ConfigKey> CORE =
      List.of(
          key(
              "engine.environment",
              STRING,
              "production",
              "environment name, part of every ticket dedup key"),
          key(
              "store.url",
              STRING,
              "jdbc:h2:file:./data/precursor",
              "JDBC URL; PostgreSQL for shared, multi-instance use"),
          key("store.user", STRING, null, "database user (PostgreSQL)"),
          secret("store.password", "database password (PostgreSQL)"),
          key(
              "api.port",
              PORT,
              "8470",
              "engine HTTP API and status page port (0 = pick a free one)"),
          key("api.host", STRING, "0.0.0.0", "address the HTTP API and OTLP receivers bind to"),
          secret("api.token", "when set, write endpoints need Authorization: Bearer <token>"),
          key("otlp.grpc-port", PORT, "4317", "OTLP/gRPC port (0 = pick a free one)"),
          key("otlp.http-port", PORT, "4318", "OTLP/HTTP port (0 = pick a free one)"),
          key("otlp.max-request-size", INT, "16777216", "largest accepted OTLP request, bytes"),
          key(
              "ingest.queue-capacity",
              INT,
              "262144",
              "telemetry items (points, spans, log records) queued for scoring before OTLP senders"
                  + " are told to retry (HTTP 429 / gRPC RESOURCE_EXHAUSTED)"),
          key(
              "ingest.max-active-series",
              INT,
              "100000",
              "series fed to the scorer; points that would start a new series beyond it are"
                  + " rejected (OTLP partial success)"),
          key(
              "ingest.out-of-order-tolerance",
              DURATION,
              "30s",
              "how late (event time) a point, span or log record may arrive and still count"),
          key(
              "ingest.window",
              DURATION,
              "10s",
              "event-time window of the per-service RED, dependency-edge and log-rate series"),
          key(
              "ingest.log-template-warmup",
              DURATION,
              "5m",
              "event time a service logs before a new log template counts as a signal"),
          key(
              "prediction.alert-confidence",
              PROBABILITY,
              "0.85",
              "confidence from which a prediction is alert tier (files tickets)"),
          key(
              "prediction.watch-confidence",
              PROBABILITY,
              "0.70",
              "confidence from which a prediction is watch tier"),
          key(
              "prediction.min-similarity",
              PROBABILITY,
              "0.3",
              "signature similarity a past incident needs to back a prediction"),
          key(
              "correlate.window",
              DURATION,
              "15m",
              "anomalies this close in event time (and related on the graph) form one situation"),
          key(
              "correlate.max-hops",
              INT,
              "2",
              "how far apart on the dependency graph two services of one situation may be"),
          key(
              "correlate.maintenance-windows",
              LIST,
              null,
              "[service=]START/END periods whose anomalies open no situation"),
          key("llm.provider", STRING, "none", "none, openai, ollama or anthropic"),
          key("llm.base-url", STRING, null, "LLM endpoint base URL"),
          key("llm.model", STRING, null, "LLM model name"),
          secret("llm.api-key", "LLM API key"),
          key(
              "llm.redact",
              BOOLEAN,
              "true",
              "mask IPs, e-mails, hostnames and secrets before anything is sent to the LLM"),
          key("llm.timeout", DURATION, "60s", "timeout of one LLM call"),
          key("llm.max-retries", INT, "2", "retries of an LLM call answered 429 or 5xx"),
          key("llm.retry-backoff", DURATION, "1s", "wait before the first LLM retry (doubles)"),
          key("llm.max-input-tokens", INT, "6000", "token budget of the evidence sent per draft"),
          key("llm.max-output-tokens", INT, "1500", "token budget of one LLM answer"),
          key(
              "draft.engine-url",
              STRING,
              null,
              "engine URL used in ticket links (default http://localhost:<api.port>)"),
          key(
              "draft.grafana-dashboard",
              STRING,
              null,
              "dashboard path under grafana.url linked from drafts, e.g. /d/abc123/checkout"),
          key("jira.url", STRING, null, "Jira base URL; the Jira sink is enabled when set"),
          key(
              "jira.user",
              STRING,
              null,
              "Jira Cloud account e-mail (unset for a PAT on Data Center)"),
          secret("jira.token", "Jira API token (Cloud) or personal access token (Data Center)"),
          key("jira.project", STRING, null, "Jira project key tickets are filed in"),
          key("jira.issue-type", STRING, "Bug", "issue type of filed tickets"),
          key(
              "jira.api-version",
              STRING,
              "3",
              "3 = Jira Cloud (ADF), 2 = Data Center (wiki markup)"),
          key(
              "ticket.retry-base",
              DURATION,
              "2s",
              "first retry delay of a failed ticket action (doubles per attempt, with jitter)"),
          key(
              "ticket.retry-max-delay",
              DURATION,
              "10m",
              "longest delay between retries of a failed ticket action"),
          key(
              "ticket.retry-max-age",
              DURATION,
              "24h",
              "how long a failing ticket action is retried before it is given up"),
          key(
              "ticket.poll-interval",
              DURATION,
              "1s",
              "how often the ticket outbox is checked for due actions"),
          key(
              "ticket.engine-url",
              STRING,
              null,
              "engine base URL as users reach it, for links in tickets"),
          key(
              "servicenow.url",
              STRING,
              null,
              "ServiceNow instance URL; the ServiceNow sink is enabled when set"),
          key("servicenow.user", STRING, null, "ServiceNow integration user"),
          secret("servicenow.password", "ServiceNow integration user's password"),
          key("servicenow.assignment-group", STRING, null, "assignment_group of created incidents"),
          key(
              "grafana.url",
              STRING,
              null,
              "Grafana base URL: write prediction and deploy annotations when set"),
          secret("grafana.token", "Grafana service-account token"),
          key("kafka.bootstrap-servers", STRING, null, "Kafka brokers for scale-out ingestion"),
          key(
              "kafka.topics",
              LIST,
              "otlp_metrics,otlp_spans,otlp_logs",
              "Kafka topics with OTLP protobuf metrics, spans and logs"),
          key("kafka.group-id", STRING, "precursor", "Kafka consumer group of the engines"));
}
