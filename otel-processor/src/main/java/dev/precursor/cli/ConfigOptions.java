package dev.precursor.cli;

import dev.precursor.config.ConfigLoader;
import dev.precursor.config.ConfigSchema;
import dev.precursor.config.PrecursorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by every command that reads the engine's configuration. */
public final class ConfigOptions {
  private static final Logger LOG = Logger.getLogger(ConfigOptions.class.getName());

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "YAML configuration file (default: ./precursor.yaml if present). Every key can be"
              + " overridden by a PRECURSOR_* environment variable, e.g. api.port -> PRECURSOR_API_PORT.")
  @Nullable Path file;

  /**
   * Loads the configuration: the given file, else {@code ./precursor.yaml} when present, plus the
   * environment. Warnings (unknown {@code PRECURSOR_*} variables) are logged.
   *
   * @throws dev.precursor.ConfigException listing every problem
   */
  public PrecursorConfig load() {
    Path f = file;
    if (f == null && Files.isRegularFile(Path.of("precursor.yaml"))) {
      f = Path.of("precursor.yaml");
    }
    ConfigLoader.Result r = ConfigLoader.load(ConfigSchema.load(), f, System.getenv());
    r.warnings().forEach(LOG::warning);
    return r.config();
  }
}
