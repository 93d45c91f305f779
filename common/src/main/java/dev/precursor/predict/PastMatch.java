package dev.precursor.predict;

import dev.precursor.model.SimilarIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A past incident whose precursor signature resembles a live situation, with what prediction needs
 * from it: the pattern (failure family), the root-cause service, when it happened, how long its
 * precursors ran before impact, how it was resolved and which versions were involved.
 *
 * @param similarity signature similarity in [0,1]
 * @param leadTime time from the first precursor to impact in that incident, null when unknown
 * @param deployToImpact time from the deploy or config change involved to impact, null when none
 */
public record PastMatch(
    String id,
    String title,
    String pattern,
    double similarity,
    @Nullable String rootCauseService,
    List<String> services,
    @Nullable Instant occurredAt,
    @Nullable Duration leadTime,
    @Nullable Duration deployToImpact,
    String resolution,
    List<String> versions) {
  public PastMatch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(pattern, "pattern");
    services = List.copyOf(services);
    versions = List.copyOf(versions);
    resolution = resolution == null ? "" : resolution;
    if (!(similarity >= 0 && similarity <= 1)) {
      throw new IllegalArgumentException("similarity must be in [0,1]: " + similarity);
    }
  }

  /** The API form. */
  public SimilarIncident toSimilarIncident() {
    return new SimilarIncident(
        id, title, similarity, "signature", resolution.isBlank() ? null : resolution);
  }
}
