package dev.precursor.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What kind of signal moved before an incident, independent of the exact metric name: live series
 * are classified by {@link #ofMetric(String)} (OpenTelemetry semantic-convention names and common
 * Prometheus names), postmortem text by {@link #ofText(String)}.
 */
public enum MetricKind {
  LATENCY(
      "latency|duration|response.?time|p9[59]|p50|slow|rtt|time.?to",
      "latency|response times?|p9\\d|p50|tail latency|slow(?:er)? (?:requests|responses|endpoints)|"
          + "request duration"),
  ERROR_RATE(
      "error|fail|5xx|exception|status.?code",
      "error rate|errors?|5\\d\\d(?:s|'s)?\\b|failures?|exceptions?|failed requests"),
  TRAFFIC(
      "request.?count|requests?_total|throughput|rps|qps|calls|active_requests",
      "traffic|throughput|request rate|requests per second|rps|qps|load spike|traffic spike"),
  MEMORY("memory|heap|rss|mem_|\\.mem|working.?set", "memory|heap|rss|resident set|working set"),
  CPU("cpu|load_?average|processor", "cpu|load average"),
  GC(
      "gc|garbage",
      "gc (?:paus|time|activity|frequency|overhead|count|duration|cycles?|log)|garbage collection|"
          + "stop-the-world|full gcs?|young gc|old gen|gcs? (?:every|took|ran)"),
  CONNECTION_POOL(
      "connection|pool|hikari|db\\.client\\.connections",
      "connection pool|pool (?:usage|utili[sz]ation|active|pending)|(?:active|idle|pooled|server) "
          + "connections|waiting clients|"
          + "connections? (?:in use|pending|waiting)|pending connection|connection wait"),
  THREAD_POOL("thread|executor|worker", "thread pool|threads?|busy workers|executor|worker pool"),
  QUEUE_DEPTH(
      "queue|lag|backlog|pending|messaging",
      "queue depth|queue length|backlog|consumer lag|lag|queued|in-?flight"),
  DISK(
      "disk|filesystem|volume|inode|storage|fs_",
      "disk|filesystem|volume|inode|free space|storage"),
  CACHE("cache|hit.?ratio|miss", "cache|hit ratio|hit rate|miss rate|evictions?"),
  NETWORK(
      "network|dns|tcp|socket|packet|retrans|bytes_(?:in|out)",
      "network|dns|lookup|tcp|socket|packet|retransmit|handshake"),
  RETRIES("retr(?:y|ies)", "retr(?:y|ies)|re-?tries|retry rate"),
  RESTARTS("restart|crash|oom|kill", "restarts?|crash ?loop|oom ?kill|pod restarts|evictions"),
  CERTIFICATE(
      "cert|tls|ssl|x509",
      "days (?:until|to|before) (?:the )?(?:certificate )?expir|certificate (?:expir|validity|age)|"
          + "cert(?:ificate)? expiry|notafter|tls handshake|handshake (?:errors|failures)|"
          + "ssl handshake"),
  SATURATION(
      "saturation|utili[sz]ation|usage|quota|limit",
      "saturation|utili[sz]ation|quota|throttl|rate limit|429");

  private final Pattern metricPattern;
  private final Pattern textPattern;

  MetricKind(String metricRegex, String textRegex) {
    this.metricPattern = Pattern.compile(metricRegex, Pattern.CASE_INSENSITIVE);
    this.textPattern = Pattern.compile("\\b(?:" + textRegex + ")", Pattern.CASE_INSENSITIVE);
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a wire name ({@code error-rate}) or enum name; case-insensitive.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  @JsonCreator
  public static MetricKind parse(String s) {
    String n = s.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    for (MetricKind k : values()) {
      if (k.wire().equals(n)) {
        return k;
      }
    }
    MetricKind alias =
        switch (n) {
          case "throughput", "requests", "request-rate", "rps", "load" -> TRAFFIC;
          case "errors", "error", "5xx", "failures" -> ERROR_RATE;
          case "heap", "rss" -> MEMORY;
          case "lag", "backlog", "queue", "consumer-lag" -> QUEUE_DEPTH;
          case "connections", "pool", "db-connections" -> CONNECTION_POOL;
          case "threads", "executor" -> THREAD_POOL;
          case "hit-ratio", "cache-hit-ratio" -> CACHE;
          case "dns", "packet-loss" -> NETWORK;
          case "retry" -> RETRIES;
          case "cert", "tls" -> CERTIFICATE;
          default -> null;
        };
    if (alias != null) {
      return alias;
    }
    throw new IllegalArgumentException(
        "unknown metric kind '"
            + s
            + "'; expected one of "
            + java.util.Arrays.stream(values()).map(MetricKind::wire).toList());
  }

  /**
   * The kind of a live series from its metric name, e.g. {@code http.server.request.duration} →
   * latency, {@code jvm.memory.used} → memory, {@code db.client.connections.usage} → connection
   * pool, {@code jvm.gc.duration} → GC. Specific kinds win over generic ones (a GC duration is GC,
   * not latency). Empty when the name says nothing recognisable.
   */
  public static Optional<MetricKind> ofMetric(String metricName) {
    String m = metricName.toLowerCase(Locale.ROOT);
    for (MetricKind k : METRIC_ORDER) {
      if (k.metricPattern.matcher(m).find()) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** The first kind the text names, most specific first; empty when none. */
  public static Optional<MetricKind> ofText(String text) {
    for (MetricKind k : TEXT_ORDER) {
      if (k.textPattern.matcher(text).find()) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  // most specific first: "gc duration" is GC, "connection pool wait time" is the pool
  private static final MetricKind[] METRIC_ORDER = {
    CERTIFICATE,
    GC,
    CONNECTION_POOL,
    THREAD_POOL,
    QUEUE_DEPTH,
    CACHE,
    DISK,
    MEMORY,
    CPU,
    RETRIES,
    RESTARTS,
    ERROR_RATE,
    LATENCY,
    TRAFFIC,
    NETWORK,
    SATURATION
  };

  private static final MetricKind[] TEXT_ORDER = {
    CERTIFICATE,
    CONNECTION_POOL,
    THREAD_POOL,
    QUEUE_DEPTH,
    CACHE,
    DISK,
    MEMORY,
    GC,
    CPU,
    RETRIES,
    RESTARTS,
    SATURATION,
    ERROR_RATE,
    LATENCY,
    TRAFFIC,
    NETWORK
  };
}
