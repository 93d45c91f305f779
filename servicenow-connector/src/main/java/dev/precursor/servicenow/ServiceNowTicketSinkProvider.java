package dev.precursor.servicenow;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.ticket.TicketSink;
import dev.precursor.ticket.TicketSinkProvider;
import java.util.Optional;

/** The ServiceNow sink, enabled when {@code servicenow.url} is set. */
public final class ServiceNowTicketSinkProvider implements TicketSinkProvider {
  @Override
  public String name() {
    return ServiceNowTicketSink.SYSTEM;
  }

  @Override
  public Optional<TicketSink> create(PrecursorConfig config) {
    if (!ServiceNowConfig.isEnabled(config)) {
      return Optional.empty();
    }
    return Optional.of(new ServiceNowTicketSink(ServiceNowConfig.from(config)));
  }
}
