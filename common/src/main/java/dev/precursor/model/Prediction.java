package dev.precursor.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An expected incident: where impact is expected ({@code service}), how sure we are (calibrated
 * {@code confidence}, {@code tier}), when the data that raised it was seen ({@code raisedAt}) and
 * when impact is expected ({@code expectedAt}), both event times; the pattern, similar past
 * incidents, the probable root cause and the recommended action. {@code state} is {@code open},
 * {@code resolved} or {@code superseded}.
 */
public record Prediction(
    String id,
    String situationId,
    String service,
    Tier tier,
    double confidence,
    Instant raisedAt,
    @Nullable Instant expectedAt,
    String pattern,
    List<SimilarIncident> similarIncidents,
    @Nullable RootCause rootCause,
    String recommendedAction,
    String state) {
  public Prediction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tier, "tier");
    similarIncidents = List.copyOf(similarIncidents);
  }
}
