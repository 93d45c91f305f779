package dev.precursor.jira;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.ticket.TicketEvents;
import dev.precursor.ticket.WebhookHandler;
import dev.precursor.ticket.WebhookHandlerProvider;
import java.util.Optional;

/** The Jira webhook handler, enabled with the Jira sink ({@code jira.url} set). */
public final class JiraWebhookHandlerProvider implements WebhookHandlerProvider {
  @Override
  public Optional<WebhookHandler> create(PrecursorConfig config, TicketEvents events) {
    if (config.string("jira.url").filter(s -> !s.isBlank()).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new JiraWebhookHandler(JiraConfig.from(config), events));
  }
}
