package dev.precursor.ingest;

import dev.precursor.detect.AnomalyListener;
import dev.precursor.model.Anomaly;
import dev.precursor.model.Direction;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.Velocity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Logs → per-service {@code logs.rate} and {@code logs.error_rate} (records per second with
 * severity ≥ 17) in event-time windows, and Drain template mining per service. Once a service is
 * past its warm-up (it has logged for {@code warmup} of event time and at least {@link
 * #WARMUP_RECORDS} records), a template never seen before is reported straight to the anomaly
 * listener as series {@code logs.new_template} (attribute {@code template}), score 0.9 for an
 * error-level record and 0.6 otherwise. Identical records (same service, time, severity and body)
 * are counted once. Confined to the ingest worker.
 */
final class LogAnalyzer {
  static final int WARMUP_RECORDS = 100;
  static final int MAX_TEMPLATES_PER_SERVICE = 2000;
  private static final int MAX_TEMPLATE_TEXT = 200;

  enum Outcome {
    ACCEPTED,
    DUPLICATE,
    TOO_OLD
  }

  private final SeriesRegistry series;
  private final AnomalyListener anomalies;
  private final long windowMillis;
  private final long toleranceMillis;
  private final long warmupMillis;
  private final TreeMap<Long, Map<String, long[]>> buckets = new TreeMap<>();
  private final Map<String, ServiceLogs> services = new HashMap<>();
  private LongSet seenCurrent = new LongSet();
  private LongSet seenPrevious = new LongSet();
  private long seenGenerationStart = Long.MIN_VALUE;
  private long maxSeenMillis = Long.MIN_VALUE;
  private long closedBefore = Long.MIN_VALUE;
  private long newTemplates;

  private static final class ServiceLogs {
    final DrainMiner miner = new DrainMiner(0.5, MAX_TEMPLATES_PER_SERVICE);
    final long firstMillis;
    long records;
    @Nullable SeriesKey rate;
    @Nullable SeriesKey errorRate;
    boolean admitted;

    ServiceLogs(long firstMillis) {
      this.firstMillis = firstMillis;
    }
  }

  LogAnalyzer(
      SeriesRegistry series,
      AnomalyListener anomalies,
      long windowMillis,
      long toleranceMillis,
      long warmupMillis) {
    this.series = series;
    this.anomalies = anomalies;
    this.windowMillis = windowMillis;
    this.toleranceMillis = toleranceMillis;
    this.warmupMillis = warmupMillis;
  }

  Outcome accept(LogEntry log) {
    long t = log.timeNanos() / 1_000_000;
    if (t < closedBefore) {
      return Outcome.TOO_OLD;
    }
    String service = log.resource().service();
    long fingerprint =
        (service.hashCode() * 31L + log.body().hashCode()) * 1_000_003L
            + log.timeNanos() * 7
            + log.severity();
    if (seenCurrent.contains(fingerprint) || seenPrevious.contains(fingerprint)) {
      return Outcome.DUPLICATE;
    }
    seenCurrent.add(fingerprint);
    if (t > maxSeenMillis) {
      maxSeenMillis = t;
    }
    long windowStart = Math.floorDiv(t, windowMillis) * windowMillis;
    long[] counts =
        buckets
            .computeIfAbsent(windowStart, w -> new HashMap<>())
            .computeIfAbsent(service, s -> new long[2]);
    counts[0]++;
    if (log.isError()) {
      counts[1]++;
    }
    ServiceLogs s = services.computeIfAbsent(service, k -> new ServiceLogs(t));
    s.records++;
    DrainMiner.Match m = s.miner.add(log.body());
    if (m.isNew() && s.records > WARMUP_RECORDS && t - s.firstMillis >= warmupMillis) {
      newTemplates++;
      String text =
          m.template().length() > MAX_TEMPLATE_TEXT
              ? m.template().substring(0, MAX_TEMPLATE_TEXT)
              : m.template();
      Instant at = Instant.ofEpochMilli(t);
      anomalies.onAnomaly(
          new Anomaly(
              new SeriesKey(service, "logs.new_template", Map.of("template", text)),
              at,
              at,
              log.isError() ? 0.9 : 0.6,
              Direction.UP,
              1,
              0,
              Velocity.UNKNOWN));
    }
    return Outcome.ACCEPTED;
  }

  void advance() {
    if (maxSeenMillis == Long.MIN_VALUE) {
      return;
    }
    closeBefore(maxSeenMillis - toleranceMillis - windowMillis + 1);
    long generation = toleranceMillis + windowMillis;
    if (seenGenerationStart == Long.MIN_VALUE) {
      seenGenerationStart = maxSeenMillis;
    } else if (maxSeenMillis - seenGenerationStart > generation) {
      LongSet oldest = seenPrevious;
      oldest.clear();
      seenPrevious = seenCurrent;
      seenCurrent = oldest;
      seenGenerationStart = maxSeenMillis;
    }
  }

  void flushAll() {
    if (!buckets.isEmpty()) {
      closeBefore(buckets.lastKey() + windowMillis);
    }
  }

  private void closeBefore(long limit) {
    double seconds = windowMillis / 1000.0;
    while (!buckets.isEmpty() && buckets.firstKey() < limit) {
      Map.Entry<Long, Map<String, long[]>> e = buckets.pollFirstEntry();
      long at = e.getKey() + windowMillis;
      for (Map.Entry<String, long[]> c : e.getValue().entrySet()) {
        ServiceLogs s = services.get(c.getKey());
        if (s == null) {
          continue;
        }
        if (!s.admitted) {
          SeriesKey rate = SeriesKey.of(c.getKey(), "logs.rate");
          SeriesKey errorRate = SeriesKey.of(c.getKey(), "logs.error_rate");
          if (!series.admit(List.of(rate, errorRate))) {
            continue;
          }
          s.rate = rate;
          s.errorRate = errorRate;
          s.admitted = true;
        }
        series.emit(s.rate, at, c.getValue()[0] / seconds);
        series.emit(s.errorRate, at, c.getValue()[1] / seconds);
      }
      closedBefore = Math.max(closedBefore, at);
    }
  }

  long newTemplates() {
    return newTemplates;
  }

  boolean hasOpenWindows() {
    return !buckets.isEmpty();
  }
}
