package dev.precursor.detect;

import java.util.Locale;

/**
 * Sensitivity profile of the detector stack: how many standard deviations count as surprising, how
 * long the warm-up lasts and which combined score opens an anomaly.
 */
public enum DetectorProfile {
  /** Default trade-off between early detection and false alarms. */
  BALANCED(0.0, 120, 0.5),
  /** Fewer false alarms: higher thresholds, longer warm-up. */
  LOW_FP(1.5, 200, 0.65),
  /** Fewer misses: lower thresholds, shorter warm-up. */
  LOW_FN(-1.0, 60, 0.35);

  private final double zShift;
  private final int warmupPoints;
  private final double alarmScore;

  DetectorProfile(double zShift, int warmupPoints, double alarmScore) {
    this.zShift = zShift;
    this.warmupPoints = warmupPoints;
    this.alarmScore = alarmScore;
  }

  /** Added to every z threshold of the detectors (positive = less sensitive). */
  public double zShift() {
    return zShift;
  }

  /** Points of a series seen before any score can be non-zero. */
  public int warmupPoints() {
    return warmupPoints;
  }

  /** Combined score at which a series enters an anomaly and the listener is called. */
  public double alarmScore() {
    return alarmScore;
  }

  /** The wire name: {@code balanced}, {@code low-fp}, {@code low-fn}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a wire name ({@code balanced}, {@code low-fp}, {@code low-fn}; case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static DetectorProfile parse(String raw) {
    for (DetectorProfile p : values()) {
      if (p.wire().equalsIgnoreCase(raw.trim()) || p.name().equalsIgnoreCase(raw.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown detector profile '" + raw + "' (expected balanced, low-fp or low-fn)");
  }
}
