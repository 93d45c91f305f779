package dev.precursor.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Confidence tier of a prediction: alert files tickets, watch is visible, log is recorded. */
public enum Tier {
  ALERT,
  WATCH,
  LOG;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code alert}, {@code watch} or {@code log}, any case. */
  public static Tier parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }

  /** The tier of a confidence under the configured thresholds. */
  public static Tier of(double confidence, double alertFrom, double watchFrom) {
    return confidence >= alertFrom ? ALERT : confidence >= watchFrom ? WATCH : LOG;
  }
}
