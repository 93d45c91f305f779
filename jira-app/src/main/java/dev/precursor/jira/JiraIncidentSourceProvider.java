package dev.precursor.jira;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.memory.IncidentSource;
import dev.precursor.memory.IncidentSourceProvider;
import java.util.Optional;

/**
 * {@code precursor learn jira:PROJECT}: enabled when {@code jira.url} is set; needs the credentials
 * ({@code jira.token}, and {@code jira.user} on Cloud).
 *
 * @throws dev.precursor.ConfigException from {@link #create} when they are missing or invalid
 */
public final class JiraIncidentSourceProvider implements IncidentSourceProvider {
  @Override
  public String scheme() {
    return "jira";
  }

  @Override
  public Optional<IncidentSource> create(PrecursorConfig config) {
    if (config.string("jira.url").filter(s -> !s.isBlank()).isEmpty()) {
      return Optional.empty();
    }
    if (config.string("jira.project").filter(s -> !s.isBlank()).isEmpty()) {
      // learn names the project itself; the sink's project is not needed here
      config = config.with(java.util.Map.of("jira.project", "LEARN"));
    }
    return Optional.of(JiraIncidentSource.create(JiraConfig.from(config)));
  }
}
