package dev.precursor.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A deploy or configuration change of one service, from CI, the API or a version change. */
public record Deploy(
    String id,
    String service,
    String version,
    @Nullable String environment,
    Instant at,
    Kind kind,
    @Nullable String commit,
    @Nullable String url,
    String source) {
  public Deploy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("service is required");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("version is required");
    }
  }

  /** What changed. */
  public enum Kind {
    DEPLOY,
    CONFIG;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }
}
