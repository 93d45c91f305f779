package dev.precursor.model;

import org.jspecify.annotations.Nullable;

/**
 * Told whenever a situation opens, changes (new anomalies, new top hypothesis, new prediction or
 * tier) or resolves. The ticket dispatcher and annotation writers listen. Implementations must
 * return quickly (queue work; never call remote systems on the caller's thread).
 */
public interface SituationListener {
  /**
   * @param situation the situation as it is now
   * @param prediction its current top prediction, or null when none was made
   */
  void onSituation(Situation situation, @Nullable Prediction prediction);
}
