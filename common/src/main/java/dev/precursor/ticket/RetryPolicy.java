package dev.precursor.ticket;

import dev.precursor.DownstreamException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Retries a call in place, for work that has no outbox (history import): retryable {@link
 * DownstreamException}s (429, 5xx, no response) are retried with {@link Backoff}, honouring {@link
 * RetryAfterException#retryAfter()}; other failures and the last attempt's failure are rethrown.
 * Thread-safe.
 */
public final class RetryPolicy {
  private static final Logger LOG = Logger.getLogger(RetryPolicy.class.getName());
  private final int maxAttempts;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  public RetryPolicy(int maxAttempts, Backoff backoff, Sleeper sleeper, RandomGenerator random) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Five attempts, 1 s base, 60 s cap, real sleeping. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        5,
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)),
        Sleeper.system(),
        RandomGenerator.getDefault());
  }

  /**
   * Runs the call, retrying retryable downstream failures.
   *
   * @param what names the call in log lines
   * @throws DownstreamException the last failure, or the first non-retryable one
   */
  public <T> T call(String what, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (DownstreamException e) {
        if (!e.isRetryable() || attempt >= maxAttempts) {
          throw e;
        }
        Duration retryAfter =
            e instanceof RetryAfterException r ? r.retryAfter().orElse(null) : null;
        Duration wait = backoff.delay(attempt, retryAfter, random);
        LOG.info(
            what
                + " failed (attempt "
                + attempt
                + "/"
                + maxAttempts
                + "): "
                + e.getMessage()
                + "; retrying in "
                + wait.toMillis()
                + " ms");
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
