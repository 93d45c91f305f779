package dev.precursor.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which way a series moved away from its baseline. */
public enum Direction {
  UP,
  DOWN;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
