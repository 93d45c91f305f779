package dev.precursor.ticket;

/**
 * What a ticketing system can tell the engine about a ticket a human changed: implemented by the
 * engine, called by webhook handlers.
 */
public interface TicketEvents {
  /** A human resolved the ticket of this dedup key: draft the postmortem. */
  void resolvedByHuman(String system, String ticketKey, String dedupKey);

  /**
   * A human judged the prediction: {@code true_positive}, {@code false_positive} (e.g. closed as
   * "not an incident"), {@code near_miss} or {@code delayed_hit} (e.g. reopened).
   */
  void feedback(String system, String ticketKey, String dedupKey, String label);

  /**
   * A human reopened a ticket Precursor had resolved: the dispatcher treats its key as open again.
   * Default: nothing.
   */
  default void reopenedByHuman(String system, String ticketKey, String dedupKey) {}
}
