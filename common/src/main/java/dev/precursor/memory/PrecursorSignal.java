package dev.precursor.memory;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.precursor.model.Direction;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A signal that moved before an incident's impact: which kind of metric, which way, how fast, and
 * how long before impact it was visible ({@code leadTime}, null when the postmortem does not say).
 *
 * @param service the service whose metric moved, null when not named
 * @param description the sentence the signal was read from
 * @param confidence how sure the extractor is, in [0,1]
 */
public record PrecursorSignal(
    MetricKind kind,
    Direction direction,
    VelocityBand velocity,
    @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Duration leadTime,
    @Nullable String service,
    String description,
    double confidence) {
  public PrecursorSignal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(velocity, "velocity");
    Objects.requireNonNull(description, "description");
    if (leadTime != null && leadTime.isNegative()) {
      throw new IllegalArgumentException("leadTime must not be negative: " + leadTime);
    }
    Confidence.check(confidence);
  }
}
