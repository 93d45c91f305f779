package dev.precursor.predict;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One label given to a prediction, with the pattern and the confidence the prediction had when it
 * was labelled (what calibration learns from).
 */
public record Feedback(
    String id,
    String predictionId,
    String pattern,
    FeedbackLabel label,
    double confidence,
    Instant at,
    @Nullable String note) {
  public Feedback {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(at, "at");
  }
}
