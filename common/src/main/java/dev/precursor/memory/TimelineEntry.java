package dev.precursor.memory;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One line of an incident's symptom timeline; {@code at} is null when the line has no time. */
public record TimelineEntry(@Nullable Instant at, String text) {
  public TimelineEntry {
    Objects.requireNonNull(text, "text");
  }
}
