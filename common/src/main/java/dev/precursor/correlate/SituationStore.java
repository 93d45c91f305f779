package dev.precursor.correlate;

import dev.precursor.store.Page;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Persistent situations. Thread-safe. */
public interface SituationStore {
  /** Inserts or replaces a situation (by id). */
  void save(SituationDetail situation);

  Optional<SituationDetail> get(String id);

  /**
   * Situations opened with {@code from <= openedAt < to} (either bound may be null), optionally in
   * one state ({@code open}, {@code resolved}), ordered by opening time then id, at most {@code
   * limit}, after the cursor of an earlier page.
   *
   * @throws IllegalArgumentException on a cursor this store did not issue
   */
  Page<SituationDetail> list(
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable String state,
      int limit,
      @Nullable String cursor);
}
