package dev.precursor.correlate;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a situation's timeline, in event time: {@code kind} is {@code opened}, {@code
 * anomaly}, {@code deploy}, {@code hypothesis}, {@code prediction}, {@code tier}, {@code threshold}
 * or {@code resolved}.
 */
public record SituationEvent(Instant at, String kind, String summary) {
  public SituationEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(summary, "summary");
  }
}
