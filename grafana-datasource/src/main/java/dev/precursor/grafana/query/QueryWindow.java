package dev.precursor.grafana.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A query's time range and resolution: Grafana's absolute range, its interval and maximum number of
 * points.
 */
public record QueryWindow(Instant from, Instant to, long intervalMs, long maxDataPoints) {
  /** Upper bound on points per series, whatever Grafana asks. */
  static final int MAX_POINTS = 11_000;

  public QueryWindow {
    if (from.isAfter(to)) {
      throw new BadQueryException("time range starts (" + from + ") after it ends (" + to + ")");
    }
  }

  /** The sampling step: the interval, widened so that at most maxDataPoints points fit. */
  public Duration step() {
    long span = Duration.between(from, to).toMillis();
    long points = Math.max(1, Math.min(maxDataPoints <= 0 ? 1000 : maxDataPoints, MAX_POINTS));
    long step = Math.max(Math.max(intervalMs, 1000), (span + points - 1) / points);
    return Duration.ofMillis(step);
  }

  /**
   * Sample times: multiples of the step inside the range (stable across refreshes), plus the end of
   * the range so the latest value is always present.
   */
  public List<Instant> samples() {
    long step = step().toMillis();
    long first = Math.floorDiv(from.toEpochMilli() + step - 1, step) * step;
    List<Instant> out = new ArrayList<>();
    long end = to.toEpochMilli();
    for (long t = first; t <= end && out.size() < MAX_POINTS; t += step) {
      out.add(Instant.ofEpochMilli(t));
    }
    if (out.isEmpty() || out.get(out.size() - 1).toEpochMilli() != end) {
      out.add(Instant.ofEpochMilli(end));
    }
    return out;
  }
}
