package dev.precursor.store;

import dev.precursor.model.Deploy;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Persistent deploy markers. Thread-safe. Repeated markers for the same service, version,
 * environment and time are one deploy.
 */
public interface DeployStore {
  /**
   * Records a deploy, or returns the one already recorded for the same service, version,
   * environment and time (the given id is then ignored).
   */
  Deploy save(Deploy deploy);

  /**
   * Deploys with {@code from <= at < to} (either bound may be null), optionally of one service,
   * ordered by time then id, at most {@code limit}, after the cursor returned by an earlier page.
   */
  Page<Deploy> list(
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable String service,
      int limit,
      @Nullable String cursor);
}
