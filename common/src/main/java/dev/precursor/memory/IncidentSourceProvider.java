package dev.precursor.memory;

import dev.precursor.config.PrecursorConfig;
import java.util.Optional;

/**
 * Creates an {@link IncidentSource} from configuration; found through {@link
 * java.util.ServiceLoader}.
 */
public interface IncidentSourceProvider {
  String scheme();

  /**
   * The source, or empty when the configuration does not enable it.
   *
   * @throws dev.precursor.ConfigException when enabled but misconfigured
   */
  Optional<IncidentSource> create(PrecursorConfig config);
}
