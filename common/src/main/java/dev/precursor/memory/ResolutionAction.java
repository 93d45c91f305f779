package dev.precursor.memory;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Something responders did to resolve the incident, when, and what it changed (if recorded). */
public record ResolutionAction(String action, @Nullable String effect, @Nullable Instant at) {
  public ResolutionAction {
    Objects.requireNonNull(action, "action");
  }
}
