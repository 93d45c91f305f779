package dev.precursor.servicenow.internal;

import dev.precursor.ticket.Backoff;
import dev.precursor.ticket.RetryAfterException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * A cool-down shared by every call of one client after ServiceNow answers 429. ServiceNow counts
 * requests per user per hour, so hammering it during the window only burns the next one: after a
 * 429 no call goes out until the cool-down ends; calls in between fail at once, retryable, with the
 * remaining time (the outbox or {@link dev.precursor.ticket.RetryPolicy} then waits that long). The
 * cool-down is the {@code Retry-After} (seconds or HTTP date), else {@code X-RateLimit-Reset}
 * (epoch seconds), else an exponential {@link Backoff} with jitter over consecutive 429s, each plus
 * jitter. Thread-safe.
 */
public final class RateLimitGate implements Interceptor {
  private static final Logger LOG = Logger.getLogger(RateLimitGate.class.getName());

  private final Backoff backoff;
  private final Clock clock;
  private final RandomGenerator random;
  private final AtomicReference<Instant> coolDownUntil = new AtomicReference<>(Instant.EPOCH);
  private final AtomicInteger consecutive = new AtomicInteger();

  /**
   * @param backoff cool-down after a 429 that names no wait: base for the first, doubling per
   *     consecutive 429 up to its max
   */
  public RateLimitGate(Backoff backoff, Clock clock, RandomGenerator random) {
    this.backoff = backoff;
    this.clock = clock;
    this.random = random;
  }

  /** When calls may go out again ({@link Instant#EPOCH} or a past instant when they may now). */
  public Instant coolDownUntil() {
    return coolDownUntil.get();
  }

  /** The remaining cool-down, if one is running. */
  public @Nullable Duration remaining() {
    Duration d = Duration.between(clock.instant(), coolDownUntil.get());
    return d.isNegative() || d.isZero() ? null : d;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Instant until = coolDownUntil.get();
    if (clock.instant().isBefore(until)) {
      throw new ServiceNowIoException(
          429, true, until, "rate limited by the instance; holding calls until " + until);
    }
    Response response = chain.proceed(chain.request());
    if (response.code() != 429) {
      consecutive.set(0);
      return response;
    }
    Instant now = clock.instant();
    Duration named = named(response, now);
    Duration wait = backoff.delay(consecutive.incrementAndGet(), named, random);
    Instant end = now.plus(wait);
    coolDownUntil.accumulateAndGet(end, (a, b) -> a.isAfter(b) ? a : b);
    LOG.log(
        Level.WARNING,
        "ServiceNow rate limit reached ({0}); holding calls for {1} s",
        new Object[] {named != null ? "server asked to wait" : "no Retry-After", wait.toSeconds()});
    return response;
  }

  /** The wait the server named: Retry-After, else X-RateLimit-Reset; null when neither. */
  static @Nullable Duration named(Response response, Instant now) {
    Duration retryAfter = RetryAfterException.parseRetryAfter(response.header("Retry-After"), now);
    if (retryAfter != null) {
      return retryAfter;
    }
    String reset = response.header("X-RateLimit-Reset");
    if (reset != null) {
      try {
        Duration d = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(reset.trim())));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
