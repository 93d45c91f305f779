package dev.precursor.ingest;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who sent an item: the service ({@code service.namespace/service.name}, or the name alone), its
 * {@code service.version} and {@code deployment.environment.name}, and the instance (from {@code
 * service.instance.id}, else pod, container or host). The instance is only used to keep per-process
 * cumulative state apart; series are keyed by service, never by instance.
 */
public record Resource(
    String service, @Nullable String version, @Nullable String environment, String instance) {
  /** The service name OTLP SDKs use when none is configured. */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  public Resource {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(instance, "instance");
  }

  public static Resource of(String service) {
    return new Resource(service, null, null, "");
  }
}
