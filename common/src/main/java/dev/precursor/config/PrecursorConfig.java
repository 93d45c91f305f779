package dev.precursor.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The effective configuration: immutable, typed, loaded once at start-up by {@link ConfigLoader}.
 * Core sections are typed records; adapter modules read their own keys with the typed getters
 * ({@link #string}, {@link #integer}, ...), which only accept keys of the schema.
 */
public final class PrecursorConfig {
  private final ConfigSchema schema;
  private final Map<String, Object> values;
  private final Map<String, String> sources;

  PrecursorConfig(ConfigSchema schema, Map<String, Object> values, Map<String, String> sources) {
    this.schema = schema;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }

  /** All defaults, no file, no environment: what tests and embedded uses start from. */
  public static PrecursorConfig defaults() {
    return ConfigLoader.load(ConfigSchema.load(), null, Map.of()).config();
  }

  /** A copy with some keys replaced (values as they would be written in YAML); for tests. */
  public PrecursorConfig with(Map<String, String> overrides) {
    Map<String, String> raw = new LinkedHashMap<>();
    values.forEach((k, v) -> raw.put(k, ConfigLoader.render(v)));
    raw.putAll(overrides);
    return ConfigLoader.fromRaw(schema, raw);
  }

  public ConfigSchema schema() {
    return schema;
  }

  /** Where each non-default value came from: a file path or an environment variable. */
  public Map<String, String> sources() {
    return sources;
  }

  public boolean isSet(String key) {
    return values.containsKey(checked(key));
  }

  public Optional<String> string(String key) {
    return Optional.ofNullable((String) values.get(checked(key)));
  }

  public int integer(String key) {
    return (Integer) require(key);
  }

  public double number(String key) {
    return (Double) require(key);
  }

  public boolean flag(String key) {
    return (Boolean) require(key);
  }

  public Duration duration(String key) {
    return (Duration) require(key);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(String key) {
    Object v = values.get(checked(key));
    return v == null ? List.of() : (List<String>) v;
  }

  private Object require(String key) {
    Object v = values.get(checked(key));
    if (v == null) {
      throw new IllegalStateException("configuration key " + key + " has no value and no default");
    }
    return v;
  }

  private String checked(String key) {
    if (schema.find(key).isEmpty()) {
      throw new IllegalArgumentException("not a configuration key: " + key);
    }
    return key;
  }

  /** The effective values rendered as YAML-like lines, secrets masked. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    String section = "";
    for (ConfigKey k : schema.keys()) {
      int dot = k.name().indexOf('.');
      String sec = dot < 0 ? "" : k.name().substring(0, dot);
      if (!sec.equals(section)) {
        sb.append(sec).append(":\n");
        section = sec;
      }
      Object v = values.get(k.name());
      String shown = v == null ? "~" : k.secret() ? "'****'" : ConfigLoader.renderYaml(v);
      sb.append("  ").append(k.name().substring(dot + 1)).append(": ").append(shown);
      String src = sources.get(k.name());
      sb.append("   # ").append(src != null ? src : v == null ? "unset" : "default");
      sb.append('\n');
    }
    return sb.toString();
  }

  // ---- typed core sections ----

  public StoreConfig store() {
    return new StoreConfig(
        string("store.url").orElseThrow(),
        string("store.user").orElse(null),
        string("store.password").orElse(null));
  }

  public ApiConfig api() {
    return new ApiConfig(
        string("api.host").orElseThrow(), integer("api.port"), string("api.token").orElse(null));
  }

  public OtlpConfig otlp() {
    return new OtlpConfig(
        integer("otlp.grpc-port"), integer("otlp.http-port"), integer("otlp.max-request-size"));
  }

  public PredictionConfig prediction() {
    return new PredictionConfig(
        number("prediction.alert-confidence"), number("prediction.watch-confidence"));
  }

  public LlmConfig llm() {
    return new LlmConfig(
        string("llm.provider").orElseThrow(),
        string("llm.base-url").orElse(null),
        string("llm.model").orElse(null),
        string("llm.api-key").orElse(null),
        flag("llm.redact"),
        duration("llm.timeout"));
  }

  public String environment() {
    return string("engine.environment").orElseThrow();
  }

  /** Database connection. */
  public record StoreConfig(String url, @Nullable String user, @Nullable String password) {}

  /** Engine HTTP API. */
  public record ApiConfig(String host, int port, @Nullable String token) {}

  /** OTLP receivers. */
  public record OtlpConfig(int grpcPort, int httpPort, int maxRequestBytes) {}

  /** Confidence tiers. */
  public record PredictionConfig(double alertConfidence, double watchConfidence) {}

  /** LLM used for drafting and extraction; {@code provider = none} disables it. */
  public record LlmConfig(
      String provider,
      @Nullable String baseUrl,
      @Nullable String model,
      @Nullable String apiKey,
      boolean redact,
      Duration timeout) {
    public boolean isEnabled() {
      return !provider.equals("none");
    }
  }
}
