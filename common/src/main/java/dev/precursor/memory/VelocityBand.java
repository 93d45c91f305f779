package dev.precursor.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.precursor.model.Velocity;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How fast a precursor signal developed, in four bands. Live anomalies are banded from their {@link
 * Velocity} (robust z-units per hour), postmortem text from the time the signal took to develop or
 * from words such as "spike" or "creeping".
 */
public enum VelocityBand {
  /** A step: the change happened within minutes (≥ 2 z in 5 minutes). */
  SUDDEN(1.0),
  /** Developed within about an hour (≥ 2 z per hour). */
  FAST(0.75),
  /** Developed over hours (≥ 0.25 z per hour over 6 hours). */
  SLOW(0.5),
  /** Drifted over days. */
  CREEPING(0.25);

  private final double speed;

  VelocityBand(double speed) {
    this.speed = speed;
  }

  /** The band's position on a 0–1 speed scale; signatures store and compare this number. */
  public double speed() {
    return speed;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name; case-insensitive.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  @JsonCreator
  public static VelocityBand parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown velocity band '" + s + "'; expected sudden, fast, slow or creeping", e);
    }
  }

  /** The band whose speed is nearest to {@code speed}. */
  public static VelocityBand nearest(double speed) {
    VelocityBand best = FAST;
    for (VelocityBand b : values()) {
      if (Math.abs(b.speed - speed) < Math.abs(best.speed - speed)) {
        best = b;
      }
    }
    return best;
  }

  /**
   * The band of a live anomaly's drift velocity, judged on the shortest horizon that is covered;
   * empty when no horizon is (all NaN).
   */
  public static Optional<VelocityBand> of(Velocity v) {
    if (!Double.isNaN(v.per5m()) && Math.abs(v.per5m()) >= 24) {
      return Optional.of(SUDDEN);
    }
    if (!Double.isNaN(v.per1h()) && Math.abs(v.per1h()) >= 2) {
      return Optional.of(FAST);
    }
    if (!Double.isNaN(v.per6h()) && Math.abs(v.per6h()) >= 0.25) {
      return Optional.of(SLOW);
    }
    if (!Double.isNaN(v.per1h()) && Math.abs(v.per1h()) >= 0.25) {
      return Optional.of(SLOW);
    }
    if (Double.isNaN(v.per5m()) && Double.isNaN(v.per1h()) && Double.isNaN(v.per6h())) {
      return Optional.empty();
    }
    if (!Double.isNaN(v.per5m()) && Double.isNaN(v.per1h()) && Double.isNaN(v.per6h())) {
      // only the short horizon is known and it is not a step: a fast rise is the most likely
      return Optional.of(FAST);
    }
    return Optional.of(CREEPING);
  }

  /** The band of a signal that took {@code developedOver} to develop. */
  public static VelocityBand of(Duration developedOver) {
    if (developedOver.compareTo(Duration.ofMinutes(10)) <= 0) {
      return SUDDEN;
    }
    if (developedOver.compareTo(Duration.ofHours(2)) <= 0) {
      return FAST;
    }
    if (developedOver.compareTo(Duration.ofHours(48)) <= 0) {
      return SLOW;
    }
    return CREEPING;
  }
}
