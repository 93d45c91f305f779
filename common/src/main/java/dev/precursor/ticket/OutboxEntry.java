package dev.precursor.ticket;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One ticket action in the durable outbox: for which system and dedup key, what to do and with
 * what, its delivery status and attempts. {@code lastError} holds the downstream system's message
 * of the last failed attempt (never credentials).
 */
public record OutboxEntry(
    long id,
    String system,
    String dedupKey,
    TicketAction action,
    Status status,
    int attempts,
    Instant createdAt,
    Instant nextAttemptAt,
    @Nullable Instant doneAt,
    @Nullable String lastError,
    TicketPayload payload) {
  public OutboxEntry {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(payload, "payload");
  }

  /** Delivery status: pending (to deliver or retry), done, failed (given up; see lastError). */
  public enum Status {
    PENDING,
    DONE,
    FAILED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Status parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }
}
