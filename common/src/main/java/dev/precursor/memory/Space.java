package dev.precursor.memory;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The embedding spaces an incident is indexed in: what it looked like, why it happened, how it
 * announced itself, how it was fixed.
 */
public enum Space {
  SYMPTOM,
  CAUSE,
  PRECURSOR,
  RESOLUTION;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Space parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown space '" + s + "'; expected symptom, cause, precursor or resolution", e);
    }
  }
}
