package dev.precursor.ticket;

import dev.precursor.draft.Document;
import dev.precursor.model.TicketLink;
import java.util.Optional;

/**
 * A ticketing system that receives alert-tier situations (Jira, ServiceNow). Implementations are
 * thread-safe and idempotent per {@link TicketRequest#dedupKey()}: calling {@link #open} twice for
 * one key (also across restarts) yields one ticket. Failures of the remote system are thrown as
 * {@link dev.precursor.DownstreamException} with {@code retryable} set for 429/5xx/timeouts, so the
 * outbox retries them; other failures are final.
 */
public interface TicketSink extends AutoCloseable {
  /** Short system name: {@code jira}, {@code servicenow}; also the outbox routing key. */
  String system();

  /**
   * Finds the ticket of this dedup key, if one exists (open or, within the reopen window, closed).
   */
  Optional<TicketLink> find(TicketRequest request);

  /**
   * Files the ticket for a situation, or returns the existing one for the same dedup key (reopening
   * it when it was resolved within the configured window).
   */
  TicketLink open(TicketRequest request);

  /** Adds a comment / work note on a material change. */
  void comment(TicketLink ticket, TicketRequest request, Document note);

  /**
   * Marks the situation recovered: a closing comment, the resolve transition or state if
   * configured, and the postmortem draft attached.
   */
  void resolve(TicketLink ticket, TicketRequest request, Document postmortem);

  /**
   * Attaches the postmortem draft to a ticket a human already resolved (no transition, no state
   * change). The default adds it as a comment; sinks with attachments override it.
   */
  default void attachPostmortem(TicketLink ticket, TicketRequest request, Document postmortem) {
    comment(ticket, request, postmortem);
  }

  @Override
  default void close() {}
}
