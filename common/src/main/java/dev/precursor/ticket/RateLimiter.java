package dev.precursor.ticket;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A client-side token bucket: at most {@code permitsPerSecond} calls per second on average, with
 * bursts of up to {@code burst}. {@link #acquire()} waits (through the {@link Sleeper}) until a
 * permit is free. Thread-safe; waiting callers are served one at a time.
 */
public final class RateLimiter {
  private final double permitsPerMilli;
  private final double burst;
  private final Clock clock;
  private final Sleeper sleeper;
  private double tokens;
  private long lastMillis;

  public RateLimiter(double permitsPerSecond, int burst, Clock clock, Sleeper sleeper) {
    if (!(permitsPerSecond > 0)) {
      throw new IllegalArgumentException("rate limit must be positive: " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1: " + burst);
    }
    this.permitsPerMilli = permitsPerSecond / 1000.0;
    this.burst = burst;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.tokens = burst;
    this.lastMillis = clock.millis();
  }

  /**
   * Takes one permit, waiting as long as needed.
   *
   * @return how long this call waited
   */
  public synchronized Duration acquire() {
    Duration waited = Duration.ZERO;
    while (true) {
      long now = clock.millis();
      if (now > lastMillis) {
        tokens = Math.min(burst, tokens + (now - lastMillis) * permitsPerMilli);
        lastMillis = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return waited;
      }
      long waitMs = Math.max(1, (long) Math.ceil((1 - tokens) / permitsPerMilli));
      Duration wait = Duration.ofMillis(waitMs);
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new dev.precursor.PrecursorException("interrupted while rate limited", e);
      }
      waited = waited.plus(wait);
    }
  }
}
