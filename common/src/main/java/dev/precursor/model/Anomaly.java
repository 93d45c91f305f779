package dev.precursor.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A series that left its baseline: when it started (onset), when it was scored, how strongly (score
 * in [0,1]), which way, and how fast it is drifting.
 */
public record Anomaly(
    SeriesKey series,
    Instant onset,
    Instant at,
    double score,
    Direction direction,
    double value,
    double baseline,
    Velocity velocity) {
  public Anomaly {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(onset, "onset");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(velocity, "velocity");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0,1]: " + score);
    }
  }

  public String service() {
    return series.service();
  }
}
