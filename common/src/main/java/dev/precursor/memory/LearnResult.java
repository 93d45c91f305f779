package dev.precursor.memory;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * What learning one document did: created a new incident, replaced an older version, or nothing.
 */
public record LearnResult(Status status, Incident incident) {
  public LearnResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(incident, "incident");
  }

  /** Outcome of one import. */
  public enum Status {
    /** A new incident. */
    CREATED,
    /** The source was learned before with other content; its incident was replaced. */
    UPDATED,
    /** The same content was learned before (by content hash); nothing changed. */
    UNCHANGED;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
