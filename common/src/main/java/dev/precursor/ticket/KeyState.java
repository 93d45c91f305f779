package dev.precursor.ticket;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of one dedup key as the dispatcher last decided it: open or resolved (by the engine
 * on recovery, or by a human in the ticketing system), the situation it follows, the material facts
 * last told to the tickets and the latest snapshot of the situation.
 */
public record KeyState(
    String dedupKey,
    String environment,
    String situationId,
    boolean open,
    @Nullable String resolvedBy,
    Instant openedAt,
    @Nullable Instant resolvedAt,
    Instant updatedAt,
    TicketMaterial material,
    TicketPayload snapshot) {
  /** {@link #resolvedBy()} when the engine saw the situation recover. */
  public static final String BY_ENGINE = "engine";

  /** {@link #resolvedBy()} when a human resolved the ticket. */
  public static final String BY_HUMAN = "human";

  public KeyState {
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(situationId, "situationId");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(snapshot, "snapshot");
  }
}
