package dev.precursor.draft;

import dev.precursor.model.Deploy;
import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The evidence a drafter may use, and nothing else: the situation, its predictions (newest last),
 * deploys around it, and links. LLM drafters send only this, redacted.
 */
public record DraftContext(
    Situation situation,
    List<Prediction> predictions,
    List<Deploy> deploys,
    @Nullable String engineUrl,
    @Nullable String grafanaUrl) {
  public DraftContext {
    Objects.requireNonNull(situation, "situation");
    predictions = List.copyOf(predictions);
    deploys = List.copyOf(deploys);
  }

  /** The newest prediction, if any. */
  public @Nullable Prediction latestPrediction() {
    return predictions.isEmpty() ? null : predictions.get(predictions.size() - 1);
  }
}
