package dev.precursor.ticket;

import dev.precursor.config.PrecursorConfig;
import java.util.Optional;

/**
 * Creates a {@link TicketSink} from configuration; found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.precursor.ticket.TicketSinkProvider}).
 */
public interface TicketSinkProvider {
  /** The system name, as {@link TicketSink#system()}. */
  String name();

  /**
   * The sink, or empty when the configuration does not enable it (e.g. {@code jira.url} unset).
   *
   * @throws dev.precursor.ConfigException when enabled but misconfigured
   */
  Optional<TicketSink> create(PrecursorConfig config);
}
