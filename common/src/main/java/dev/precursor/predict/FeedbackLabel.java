package dev.precursor.predict;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What happened after a prediction: the incident came as predicted ({@code true_positive}), it came
 * later than predicted ({@code delayed_hit}), it nearly came and was averted ({@code near_miss}),
 * or nothing was wrong ({@code false_positive}). The first three confirm the pattern.
 */
public enum FeedbackLabel {
  TRUE_POSITIVE,
  FALSE_POSITIVE,
  NEAR_MISS,
  DELAYED_HIT;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the label says the predicted risk was real. */
  public boolean confirms() {
    return this != FALSE_POSITIVE;
  }

  /**
   * Parses a wire name, any case, {@code -} or {@code _}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static FeedbackLabel parse(String s) {
    String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (FeedbackLabel l : values()) {
      if (l.name().equals(n)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "unknown label '"
            + s
            + "'; expected true_positive, false_positive, near_miss or delayed_hit");
  }
}
