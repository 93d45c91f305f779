package dev.precursor.ticket;

import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an outbox action carries, stored as JSON: the environment, the situation and its top
 * prediction as they were when the action was decided, the material changes to tell (comments), and
 * whether the situation recurred after its ticket was resolved.
 */
public record TicketPayload(
    String environment,
    Situation situation,
    @Nullable Prediction prediction,
    List<String> changes,
    boolean recurrence) {
  public TicketPayload {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(situation, "situation");
    changes = changes == null ? List.of() : List.copyOf(changes);
  }
}
