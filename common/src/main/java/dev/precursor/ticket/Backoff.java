package dev.precursor.ticket;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of {@code base × 2^(n-1)},
 * capped at {@code max}; a server's {@code Retry-After} is honoured as the minimum wait (plus up to
 * 10% jitter, so many clients told the same time do not return at the same instant).
 */
public record Backoff(Duration base, Duration max) {
  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("backoff base must be positive: " + base);
    }
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff max " + max + " is below its base " + base);
    }
  }

  /**
   * The wait before retry number {@code attempt} (1 = the first retry).
   *
   * @param retryAfter what the server asked for, or null
   */
  public Duration delay(int attempt, @Nullable Duration retryAfter, RandomGenerator random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
    }
    if (retryAfter != null) {
      long ms = Math.max(0, retryAfter.toMillis());
      long jitter = ms == 0 ? 0 : random.nextLong(ms / 10 + 1);
      return Duration.ofMillis(ms + jitter);
    }
    long baseMs = base.toMillis();
    long maxMs = max.toMillis();
    int shift = Math.min(attempt - 1, 30);
    long exp = baseMs > (maxMs >> shift) ? maxMs : Math.min(maxMs, baseMs << shift);
    long half = exp / 2;
    return Duration.ofMillis(half + random.nextLong(exp - half + 1));
  }
}
