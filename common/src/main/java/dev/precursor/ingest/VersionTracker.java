package dev.precursor.ingest;

import dev.precursor.model.Deploy;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Recognises deploys from telemetry: a {@code service.version} a service has not reported before
 * (or not for {@link #ROLLBACK_AFTER_MILLIS}, which is how a rollback looks) is an implicit deploy
 * at the event time of the data that first carried it. The first version seen for a service is not
 * a deploy (the engine cannot tell when it started), and old instances still reporting the previous
 * version during a rolling deploy do not flip it back. Confined to the ingest worker.
 */
final class VersionTracker {
  static final long ROLLBACK_AFTER_MILLIS = 10 * 60 * 1000L;
  private final Map<String, Map<String, Long>> versions = new HashMap<>();

  /** Records that {@code r} sent data at {@code eventMillis}; a deploy when its version is new. */
  Optional<Deploy> observe(Resource r, long eventMillis) {
    String version = r.version();
    if (version == null || version.isBlank()) {
      return Optional.empty();
    }
    Map<String, Long> seen = versions.computeIfAbsent(r.service(), s -> new HashMap<>());
    Long last = seen.get(version);
    boolean firstForService = seen.isEmpty();
    seen.put(version, last == null ? eventMillis : Math.max(last, eventMillis));
    if (firstForService) {
      return Optional.empty();
    }
    if (last != null && eventMillis - last < ROLLBACK_AFTER_MILLIS) {
      return Optional.empty();
    }
    if (last != null && eventMillis <= last) {
      return Optional.empty();
    }
    return Optional.of(
        new Deploy(
            UUID.randomUUID().toString(),
            r.service(),
            version,
            r.environment(),
            Instant.ofEpochMilli(eventMillis),
            Deploy.Kind.DEPLOY,
            null,
            null,
            "otlp"));
  }
}
