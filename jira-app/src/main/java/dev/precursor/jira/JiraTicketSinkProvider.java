package dev.precursor.jira;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.ticket.TicketSink;
import dev.precursor.ticket.TicketSinkProvider;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/** The Jira sink, enabled when {@code jira.url} is set. */
public final class JiraTicketSinkProvider implements TicketSinkProvider {
  private static final Logger LOG = Logger.getLogger(JiraTicketSinkProvider.class.getName());

  @Override
  public String name() {
    return "jira";
  }

  @Override
  public Optional<TicketSink> create(PrecursorConfig config) {
    if (config.string("jira.url").filter(s -> !s.isBlank()).isEmpty()) {
      return Optional.empty();
    }
    JiraConfig jira = JiraConfig.from(config);
    LOG.info(
        "Jira sink: "
            + jira.url()
            + " project "
            + jira.project()
            + (jira.cloud() ? " (Cloud, REST v3)" : " (Data Center, REST v2)")
            + (jira.user() != null ? ", API token of " + jira.user() : ", personal access token"));
    return Optional.of(JiraTicketSink.create(jira, Clock.systemUTC()));
  }
}
