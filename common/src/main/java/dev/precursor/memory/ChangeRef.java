package dev.precursor.memory;

import dev.precursor.model.Deploy;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The deploy or configuration change involved in an incident: service, version (release tag or
 * config revision), kind, when, and the sentence it was read from.
 */
public record ChangeRef(
    @Nullable String service,
    @Nullable String version,
    Deploy.Kind kind,
    @Nullable Instant at,
    String description) {
  public ChangeRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
  }
}
