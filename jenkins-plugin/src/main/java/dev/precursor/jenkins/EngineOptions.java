package dev.precursor.jenkins;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How the deploy commands reach the engine: {@code --engine}, else environment, else localhost. */
public final class EngineOptions {
  @Option(
      names = "--engine",
      paramLabel = "URL",
      description =
          "Engine base URL (default: $PRECURSOR_ENGINE_URL, else http://localhost:8470)."
              + " The bearer token is read from $PRECURSOR_API_TOKEN.")
  @Nullable String engine;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "Attempts per call on connection errors, 429 and 5xx (default: ${DEFAULT-VALUE}).")
  int attempts = 4;

  @Option(
      names = "--timeout-per-call",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description = "Timeout of one HTTP call (default: ${DEFAULT-VALUE}).")
  Duration callTimeout = Duration.ofSeconds(15);

  DeployMarkerClient client(Map<String, String> env) {
    return DeployMarkerClient.builder(DeployMarkerClient.resolveEngine(engine, env))
        .token(env.get("PRECURSOR_API_TOKEN"))
        .maxAttempts(attempts)
        .requestTimeout(callTimeout)
        .build();
  }

  /** Parses 30s, 10m, 2h, 1d, a bare number of seconds, or ISO-8601 (PT10M). */
  public static final class DurationConverter
      implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String s = value.trim().toLowerCase(java.util.Locale.ROOT);
      try {
        if (s.startsWith("p")) {
          return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
        }
        char unit = s.charAt(s.length() - 1);
        if (Character.isDigit(unit)) {
          return Duration.ofSeconds(Long.parseLong(s));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        switch (unit) {
          case 's':
            return Duration.ofSeconds(n);
          case 'm':
            return Duration.ofMinutes(n);
          case 'h':
            return Duration.ofHours(n);
          case 'd':
            return Duration.ofDays(n);
          default:
            break;
        }
      } catch (RuntimeException e) {
        // reported below
      }
      throw new picocli.CommandLine.TypeConversionException(
          "expected a duration such as 30s, 10m, 2h or PT10M, got '" + value + "'");
    }
  }
}
