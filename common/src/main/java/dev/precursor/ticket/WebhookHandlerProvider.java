package dev.precursor.ticket;

import dev.precursor.config.PrecursorConfig;
import java.util.Optional;

/**
 * Creates a {@link WebhookHandler} wired to the engine's feedback and postmortem hooks; empty when
 * the configuration does not enable it.
 */
public interface WebhookHandlerProvider {
  Optional<WebhookHandler> create(PrecursorConfig config, TicketEvents events);
}
