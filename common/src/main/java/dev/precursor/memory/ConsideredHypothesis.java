package dev.precursor.memory;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A hypothesis the responders considered: {@code correct} is true for the one that held, false for
 * one ruled out, null when the postmortem does not say.
 */
public record ConsideredHypothesis(String text, @Nullable Boolean correct) {
  public ConsideredHypothesis {
    Objects.requireNonNull(text, "text");
  }
}
