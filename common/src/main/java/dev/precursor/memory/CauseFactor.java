package dev.precursor.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/** A root-cause factor, technical (code, config, capacity) or organisational (process, review). */
public record CauseFactor(String text, Kind kind) {
  public CauseFactor {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(kind, "kind");
  }

  /** Technical or organisational. */
  public enum Kind {
    TECHNICAL,
    ORGANISATIONAL;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Kind parse(String s) {
      String n = s.trim().toLowerCase(Locale.ROOT);
      return n.startsWith("org") || n.startsWith("process") ? ORGANISATIONAL : TECHNICAL;
    }
  }
}
