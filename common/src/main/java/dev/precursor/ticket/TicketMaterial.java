package dev.precursor.ticket;

import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The facts of a situation whose change is worth telling the ticket about: the tier of its
 * prediction, its top root-cause hypothesis and its impact (number of services involved). Anything
 * else (new anomaly scores, a confidence moving within its tier) is not material, so tickets do not
 * fill up with repeats.
 */
public record TicketMaterial(@Nullable Tier tier, @Nullable String topHypothesis, int impact) {

  /** The material facts of a situation and its prediction (null: keep no tier). */
  public static TicketMaterial of(Situation situation, @Nullable Prediction prediction) {
    Objects.requireNonNull(situation, "situation");
    String top = null;
    if (!situation.hypotheses().isEmpty()) {
      Hypothesis h = situation.hypotheses().get(0);
      top = h.service() + ": " + h.cause();
    } else if (prediction != null && prediction.rootCause() != null) {
      top = prediction.rootCause().service() + ": " + prediction.rootCause().summary();
    }
    return new TicketMaterial(
        prediction == null ? null : prediction.tier(), top, situation.services().size());
  }

  /**
   * What changed materially since {@code before}, one line each; empty when nothing did. A tier
   * change (either way), a new top hypothesis and a growing impact are material; a shrinking impact
   * is not (it shows in the resolve comment).
   */
  public List<String> changesSince(TicketMaterial before) {
    List<String> changes = new ArrayList<>();
    if (tier != null && before.tier != null && tier != before.tier) {
      changes.add(
          "Confidence tier changed from "
              + before.tier.wire().toUpperCase(Locale.ROOT)
              + " to "
              + tier.wire().toUpperCase(Locale.ROOT));
    }
    if (topHypothesis != null && !topHypothesis.equals(before.topHypothesis)) {
      changes.add(
          before.topHypothesis == null
              ? "Probable root cause: " + topHypothesis
              : "New top root-cause hypothesis: "
                  + topHypothesis
                  + " (was: "
                  + before.topHypothesis
                  + ")");
    }
    if (impact > before.impact) {
      changes.add(
          "Impact grew from "
              + before.impact
              + " to "
              + impact
              + (impact == 1 ? " service" : " services"));
    }
    return changes;
  }

  /** Keeps the previous tier when this update carries no prediction. */
  public TicketMaterial withTierFrom(TicketMaterial before) {
    return tier != null ? this : new TicketMaterial(before.tier, topHypothesis, impact);
  }
}
