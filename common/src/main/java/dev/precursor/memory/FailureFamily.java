package dev.precursor.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kind of failure an incident was, from a fixed vocabulary. The deterministic extractor
 * recognises each family by the phrases postmortems use for it; the LLM extractor must answer one
 * of the wire names. {@link #OTHER} when nothing fits.
 */
public enum FailureFamily {
  MEMORY_LEAK(
      "memory leak",
      "memory leak|leak(?:ed|ing)? memory|heap (?:growth|grew|creep|exhaust)|memory (?:creep|grew|growth|"
          + "climb)|outofmemory|out of memory|oom[- ]?kill|oomkilled|retained (?:objects|heap)|"
          + "unbounded (?:map|cache|list)"),
  CONNECTION_POOL_EXHAUSTION(
      "connection pool exhaustion",
      "connection pool (?:exhaust|saturat|starv|was full|ran dry)|pool exhaust|(?:hikari|jdbc|db|"
          + "database) pool|connections? (?:were )?exhausted|no (?:free|available) connections?|"
          + "pool(?:ed)? connections?.{0,40}(?:max|limit)|connection is not available|"
          + "too many connections|max_connections"),
  RETRY_STORM(
      "retry storm",
      "retry storm|retries? (?:amplif|storm|multipl)|thundering herd of retries|retry amplification|"
          + "exponential backoff (?:was )?missing|without (?:backoff|jitter)|retry budget"),
  CACHE_STAMPEDE(
      "cache stampede",
      "cache stampede|stampede|dogpile|cache (?:flush|expiry|expired|miss storm|was (?:flushed|"
          + "cleared|cold))|cold cache|hit (?:ratio|rate) (?:dropped|fell|collapsed)|mass expir"),
  DISK_FULL(
      "disk full",
      "disk (?:full|filled|space|usage|was full)|no space left on device|filesystem (?:full|filled|"
          + "at 100)|volume (?:full|filled)|enospc|inode exhaust|log(?:s)? filled"),
  CERTIFICATE_EXPIRY(
      "certificate expiry",
      "certificate (?:expir|had expired|was expired|rotation)|cert(?:ificate)? expired|expired "
          + "(?:tls |ssl |x\\.?509 )?cert|tls handshake (?:fail|error)|x509|ssl handshake|"
          + "certificate has expired|notafter"),
  DNS_FAILURE(
      "DNS failure",
      "\\bdns\\b|nxdomain|servfail|name resolution|resolv\\.conf|coredns|kube-dns|unknownhost|"
          + "could not resolve|ndots"),
  BAD_CONFIG_PUSH(
      "bad config push",
      "config(?:uration)? (?:push|change|rollout|flag|drift|error|typo)|bad config|feature flag|"
          + "misconfigur|wrong (?:value|setting)|flag flip|config map|configmap"),
  THREAD_POOL_STARVATION(
      "thread pool starvation",
      "thread pool (?:starv|exhaust|saturat|was full)|thread starvation|starved (?:of )?threads|"
          + "all (?:worker|request|tomcat|jetty) threads|blocked threads|executor (?:queue|saturat)|"
          + "rejectedexecution|thread dump showed"),
  GC_PAUSES(
      "GC pauses",
      "gc paus|garbage collect(?:ion|or) (?:paus|thrash|storm)|stop-the-world|full gc|gc thrash|"
          + "gc overhead|old gen(?:eration)? (?:full|filled)|long (?:gc|garbage)"),
  QUEUE_BACKLOG(
      "queue backlog",
      "queue (?:backlog|depth|grew|built up|lag)|backlog|consumer lag|lagging consumers?|"
          + "messages? piled up|kafka lag|unprocessed messages"),
  RATE_LIMITING(
      "rate limiting", "rate[- ]limit|throttl|429|too many requests|quota (?:exceeded|exhaust)"),
  DATABASE_CONTENTION(
      "database contention",
      "lock contention|deadlock|row lock|table lock|lock wait|long[- ]running (?:query|transaction)|"
          + "slow quer|missing index|full table scan|query plan|replication lag|vacuum"),
  DEPENDENCY_OUTAGE(
      "dependency outage",
      "(?:upstream|downstream|third[- ]party|vendor|provider) (?:outage|was down|degradation|failure)|"
          + "dependency (?:outage|failure)|payment provider|external api (?:was )?down"),
  NETWORK_PARTITION(
      "network partition",
      "network partition|packet loss|split brain|split-brain|network (?:flap|outage|blip)|"
          + "unreachable (?:zone|az|region)|bgp|load balancer (?:health|drain)"),
  CPU_SATURATION(
      "CPU saturation",
      "cpu (?:saturat|pegged|at 100|throttl|spike|starv|bound)|hot loop|busy loop|infinite loop|"
          + "regex backtrack|catastrophic backtracking"),
  OTHER("other", "(?!)");

  private final String label;
  private final Pattern vocabulary;

  FailureFamily(String label, String regex) {
    this.label = label;
    this.vocabulary = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
  }

  /** Human label: {@code memory leak}. */
  public String label() {
    return label;
  }

  /** The phrases that indicate this family in free text. */
  public Pattern vocabulary() {
    return vocabulary;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a wire name ({@code memory-leak}), an enum name or a label; case-insensitive.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  @JsonCreator
  public static FailureFamily parse(String s) {
    String n = s.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    for (FailureFamily f : values()) {
      if (f.wire().equals(n) || f.label.toLowerCase(Locale.ROOT).replace(' ', '-').equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown failure family '" + s + "'; expected one of " + wireNames());
  }

  /** Every wire name, for messages and JSON schemas. */
  public static List<String> wireNames() {
    return java.util.Arrays.stream(values()).map(FailureFamily::wire).toList();
  }
}
