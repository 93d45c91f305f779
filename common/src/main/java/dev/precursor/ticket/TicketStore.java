package dev.precursor.ticket;

import dev.precursor.model.TicketLink;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The durable side of the ticket lifecycle, shared by every sink: situation → dedup key bindings,
 * the lifecycle state of each key, the ticket each system filed, and the outbox of actions still to
 * deliver. Implementations are thread-safe; the outbox may be shared by several engines on one
 * database (entries are claimed with a lease before delivery).
 */
public interface TicketStore {
  /** The dedup key a situation was bound to, if any. */
  Optional<String> keyOf(String situationId);

  /** The lifecycle state of a dedup key, if a ticket was ever decided for it. */
  Optional<KeyState> state(String dedupKey);

  /**
   * Records a decision atomically: binds the situation to the state's key (if not bound yet), saves
   * the state, and enqueues {@code action} for each system (none when {@code action} is null).
   *
   * @return the ids of the enqueued entries
   */
  List<Long> record(
      KeyState state,
      @Nullable TicketAction action,
      List<String> systems,
      TicketPayload payload,
      Instant now);

  /** Saves the ticket a system holds for a dedup key (replacing an earlier one). */
  void saveLink(String dedupKey, TicketLink link, Instant now);

  /** The ticket a system holds for a dedup key. */
  Optional<TicketLink> link(String system, String dedupKey);

  /** Every system's ticket for a dedup key. */
  List<TicketLink> links(String dedupKey);

  /** The dedup key of a system's ticket (for webhooks that know only the ticket key). */
  Optional<String> keyOfTicket(String system, String ticketKey);

  /**
   * Pending entries of a system due at {@code now} and not leased by anyone, oldest first, at most
   * one per dedup key: an entry waits until every older pending entry of its key is delivered or
   * given up, so a comment never overtakes the open it comments on.
   */
  List<OutboxEntry> due(String system, Instant now, int limit);

  /**
   * Claims a pending entry for delivery until {@code until}.
   *
   * @return false when another worker holds it or it is no longer pending
   */
  boolean claim(long id, String owner, Instant until, Instant now);

  /** Delivered. */
  void markDone(long id, int attempts, Instant now);

  /** Failed for now; try again at {@code next}. */
  void markRetry(long id, int attempts, Instant next, String error);

  /** Given up for good. */
  void markFailed(long id, int attempts, String error, Instant now);

  /** One entry. */
  Optional<OutboxEntry> entry(long id);

  /** Every entry of a dedup key, oldest first. */
  List<OutboxEntry> entries(String dedupKey);

  /** The number of entries per status, for metrics and health. */
  Map<OutboxEntry.Status, Long> counts();

  /** The earliest next attempt among pending entries of a system, if any. */
  Optional<Instant> nextDue(String system);
}
