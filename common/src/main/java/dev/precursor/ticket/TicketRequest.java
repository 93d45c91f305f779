package dev.precursor.ticket;

import dev.precursor.draft.Document;
import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import java.util.Objects;

/**
 * Everything a sink needs to file or update the ticket of one situation: the stable dedup key
 * (environment included), the situation and its current top prediction, and the drafted body.
 */
public record TicketRequest(
    String dedupKey,
    String environment,
    Situation situation,
    Prediction prediction,
    Document body) {
  public TicketRequest {
    Objects.requireNonNull(dedupKey, "dedupKey");
    if (dedupKey.isBlank()) {
      throw new IllegalArgumentException("dedupKey must not be blank");
    }
  }
}
