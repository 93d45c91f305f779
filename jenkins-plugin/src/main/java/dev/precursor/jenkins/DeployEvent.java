package dev.precursor.jenkins;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A deploy (or config change) to record with the engine: what the user says (service, version,
 * environment) completed by what the CI environment knows (commit, build URL, job and build).
 */
public record DeployEvent(
    String service,
    String version,
    @Nullable String environment,
    @Nullable Instant at,
    String kind,
    @Nullable String commit,
    @Nullable String url,
    String source) {

  public DeployEvent {
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("service is required (--service)");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("version is required (--version)");
    }
    Objects.requireNonNull(kind, "kind");
    if (!kind.equals("deploy") && !kind.equals("config")) {
      throw new IllegalArgumentException("kind must be 'deploy' or 'config', got '" + kind + "'");
    }
    Objects.requireNonNull(source, "source");
  }

  /**
   * The event for a user's values completed from the CI environment: an explicit commit or URL wins
   * over the CI's, the source names the CI system and build ({@code jenkins:team/app#812}).
   */
  public static DeployEvent of(
      String service,
      String version,
      @Nullable String environment,
      @Nullable String commit,
      @Nullable String url,
      @Nullable Instant at,
      String kind,
      CiEnvironment ci) {
    String source = ci.system();
    if (ci.job() != null) {
      source += ":" + ci.job() + (ci.build() != null ? "#" + ci.build() : "");
    }
    return new DeployEvent(
        service,
        version,
        environment,
        at,
        kind,
        commit != null ? commit : ci.commit(),
        url != null ? url : ci.buildUrl(),
        source);
  }

  /** The JSON body of {@code POST /api/v1/deploys}. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", service);
    m.put("version", version);
    if (environment != null) {
      m.put("environment", environment);
    }
    if (at != null) {
      m.put("at", at.toString());
    }
    m.put("kind", kind);
    if (commit != null) {
      m.put("commit", commit);
    }
    if (url != null) {
      m.put("url", url);
    }
    m.put("source", source);
    return m;
  }
}
