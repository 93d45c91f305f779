package dev.precursor.config;

import java.util.List;

/**
 * Lets a module declare the configuration keys it reads (found through {@link
 * java.util.ServiceLoader}), so unknown-key checking and {@code --print-config} cover them.
 */
public interface ConfigKeyProvider {
  /** The keys this module reads; names must not clash with any other module's. */
  List<ConfigKey> keys();
}
