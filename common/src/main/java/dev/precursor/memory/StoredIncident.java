package dev.precursor.memory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * An incident as the store keeps it: the structured incident, the document it came from (text and
 * content hash), and its embedding per space (unit vectors of {@code model}).
 */
public record StoredIncident(
    Incident incident, String contentHash, String body, String model, Map<Space, float[]> vectors) {
  public StoredIncident {
    Objects.requireNonNull(incident, "incident");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(model, "model");
    vectors = vectors.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(vectors));
  }
}
