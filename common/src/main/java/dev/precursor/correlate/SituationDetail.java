package dev.precursor.correlate;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.precursor.model.Prediction;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Situation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A situation with what {@code GET /api/v1/situations/{id}} shows besides the core fields: the
 * similar past incidents, the current top prediction and the timeline. Serialised flat: the
 * situation's fields, then {@code similarIncidents}, {@code prediction}, {@code timeline}, {@code
 * updatedAt}.
 */
public record SituationDetail(
    @JsonUnwrapped Situation situation,
    List<SimilarIncident> similarIncidents,
    @Nullable Prediction prediction,
    List<SituationEvent> timeline,
    Instant updatedAt) {
  public SituationDetail {
    Objects.requireNonNull(situation, "situation");
    Objects.requireNonNull(updatedAt, "updatedAt");
    similarIncidents = List.copyOf(similarIncidents);
    timeline = List.copyOf(timeline);
  }

  public String id() {
    return situation.id();
  }
}
