package dev.precursor.ingest;

import java.util.Map;

/**
 * One metric data point in the engine's terms, already validated by the adapter: a time ({@code
 * timeNanos > 0}), the series identity (resource, metric name, point attributes) and the value of
 * its kind. Arrays are owned by the point and never modified after construction.
 */
public sealed interface MetricPoint
    permits MetricPoint.Gauge,
        MetricPoint.Sum,
        MetricPoint.Histogram,
        MetricPoint.ExponentialHistogram,
        MetricPoint.Summary {
  Resource resource();

  String metric();

  Map<String, String> attributes();

  /** Event time, Unix epoch nanoseconds. */
  long timeNanos();

  /**
   * A last-value reading (OTLP Gauge, or a non-monotonic cumulative Sum such as an up-down
   * counter).
   */
  record Gauge(
      Resource resource,
      String metric,
      Map<String, String> attributes,
      long timeNanos,
      double value)
      implements MetricPoint {}

  /**
   * A counter reading. Cumulative: the running total since {@code startNanos} (a later start time
   * or a smaller value means the counter was reset). Delta: the increase over {@code [startNanos,
   * timeNanos]}.
   */
  record Sum(
      Resource resource,
      String metric,
      Map<String, String> attributes,
      long startNanos,
      long timeNanos,
      double value,
      boolean monotonic,
      boolean cumulative)
      implements MetricPoint {}

  /**
   * An explicit-bucket histogram: {@code counts.length == bounds.length + 1}, bounds strictly
   * increasing; bucket i holds values in {@code (bounds[i-1], bounds[i]]}.
   */
  record Histogram(
      Resource resource,
      String metric,
      Map<String, String> attributes,
      long startNanos,
      long timeNanos,
      boolean cumulative,
      long count,
      double sum,
      double[] bounds,
      long[] counts)
      implements MetricPoint {}

  /**
   * A base-2 exponential histogram: bucket index i (relative to the offset) covers {@code
   * (base^(offset+i), base^(offset+i+1)]} with {@code base = 2^(2^-scale)}; negative values mirror
   * it.
   */
  record ExponentialHistogram(
      Resource resource,
      String metric,
      Map<String, String> attributes,
      long startNanos,
      long timeNanos,
      boolean cumulative,
      long count,
      double sum,
      int scale,
      long zeroCount,
      int positiveOffset,
      long[] positive,
      int negativeOffset,
      long[] negative)
      implements MetricPoint {}

  /** Pre-computed quantiles ({@code quantiles[i]} in [0,1] has value {@code values[i]}). */
  record Summary(
      Resource resource,
      String metric,
      Map<String, String> attributes,
      long startNanos,
      long timeNanos,
      long count,
      double sum,
      double[] quantiles,
      double[] values)
      implements MetricPoint {}
}
