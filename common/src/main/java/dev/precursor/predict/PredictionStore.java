package dev.precursor.predict;

import dev.precursor.model.Prediction;
import dev.precursor.model.Tier;
import dev.precursor.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Persistent predictions and their feedback labels. Thread-safe. */
public interface PredictionStore {
  /** Inserts or replaces a prediction (by id). */
  void save(Prediction prediction);

  Optional<Prediction> get(String id);

  /**
   * Predictions raised with {@code from <= raisedAt < to} (either bound may be null), optionally
   * for one service (where impact is expected, or the root-cause service) and one tier, ordered by
   * raise time then id, at most {@code limit}, after the cursor of an earlier page.
   *
   * @throws IllegalArgumentException on a cursor this store did not issue
   */
  Page<Prediction> list(
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable String service,
      @Nullable Tier tier,
      int limit,
      @Nullable String cursor);

  /** Stores one feedback label. */
  void addFeedback(Feedback feedback);

  /** Every label of one pattern, oldest first. */
  List<Feedback> feedback(String pattern);

  /** Every label, oldest first. */
  List<Feedback> allFeedback();
}
