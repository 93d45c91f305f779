package dev.precursor.servicenow;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.memory.IncidentSource;
import dev.precursor.memory.IncidentSourceProvider;
import java.util.Optional;

/** {@code learn servicenow:incident[?query]}, enabled when {@code servicenow.url} is set. */
public final class ServiceNowIncidentSourceProvider implements IncidentSourceProvider {
  @Override
  public String scheme() {
    return "servicenow";
  }

  @Override
  public Optional<IncidentSource> create(PrecursorConfig config) {
    if (!ServiceNowConfig.isEnabled(config)) {
      return Optional.empty();
    }
    return Optional.of(new ServiceNowIncidentSource(ServiceNowConfig.from(config)));
  }
}
