package dev.precursor.servicenow.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Retries a call on 429 and 5xx with exponential backoff and jitter, honouring {@code Retry-After}
 * (seconds or HTTP date) and {@code X-RateLimit-Reset} (epoch seconds). Other 4xx are returned at
 * once. Only 429 and 503 are retried for writes (the instance did not process them); 500/502/504
 * and I/O errors are retried for reads only, since a write may have been applied: the failure goes
 * back to the caller as retryable, and the sink's next attempt looks the record up first.
 *
 * <p>ServiceNow rate limits are per user per hour, so a 429 whose wait exceeds {@code maxWait}, or
 * that outlasts every attempt, starts a cool-down shared by every call of this client: calls during
 * it fail fast as retryable instead of hammering the instance. Thread-safe.
 */
public final class RetryInterceptor implements Interceptor {
  private static final Logger LOG = Logger.getLogger(RetryInterceptor.class.getName());

  private final int maxAttempts;
  private final Duration backoff;
  private final Duration maxWait;
  private final Duration rateLimitCooldown;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final AtomicReference<Instant> coolDownUntil = new AtomicReference<>(Instant.EPOCH);

  public RetryInterceptor(
      int maxAttempts,
      Duration backoff,
      Duration maxWait,
      Duration rateLimitCooldown,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random) {
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.maxWait = maxWait;
    this.rateLimitCooldown = rateLimitCooldown;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** The end of the current rate-limit cool-down ({@link Instant#EPOCH} when none). */
  public Instant coolDownUntil() {
    return coolDownUntil.get();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    boolean read = request.method().equals("GET") || request.method().equals("HEAD");
    for (int attempt = 1; ; attempt++) {
      awaitCoolDown();
      Response response;
      try {
        response = chain.proceed(request);
      } catch (ServiceNowIoException e) {
        throw e;
      } catch (IOException e) {
        if (!read
            || attempt >= maxAttempts
            || e instanceof InterruptedIOException && isInterrupted()) {
          throw e;
        }
        Duration wait = exponential(attempt);
        LOG.log(
            Level.FINE,
            "ServiceNow {0} {1} failed ({2}); retry {3} in {4}",
            new Object[] {request.method(), request.url().encodedPath(), e, attempt, wait});
        sleep(wait);
        continue;
      }
      int code = response.code();
      if (!(code == 429 || code == 503 || (code >= 500 && read))) {
        return response;
      }
      @Nullable Duration hinted = hint(response);
      Instant now = clock.instant();
      if (attempt >= maxAttempts) {
        if (code == 429) {
          startCoolDown(now.plus(hinted != null ? hinted : rateLimitCooldown));
        }
        return response;
      }
      Duration wait = hinted != null ? hinted.plus(jitter(hinted)) : exponential(attempt);
      if (wait.compareTo(maxWait) > 0) {
        if (code == 429) {
          startCoolDown(now.plus(wait));
        }
        return response;
      }
      LOG.log(
          Level.FINE,
          "ServiceNow answered {0} to {1} {2}; retry {3} in {4}",
          new Object[] {code, request.method(), request.url().encodedPath(), attempt, wait});
      response.close();
      sleep(wait);
    }
  }

  private void awaitCoolDown() throws IOException {
    Instant until = coolDownUntil.get();
    Duration remaining = Duration.between(clock.instant(), until);
    if (remaining.isNegative() || remaining.isZero()) {
      return;
    }
    if (remaining.compareTo(maxWait) > 0) {
      throw new ServiceNowIoException(
          429, true, until, "rate limited by the instance; no calls before " + until);
    }
    sleep(remaining.plus(jitter(remaining)));
  }

  private void startCoolDown(Instant until) {
    coolDownUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
    LOG.log(Level.WARNING, "ServiceNow rate limit reached; pausing calls until {0}", until);
  }

  /** Equal jitter: half the exponential delay fixed, half random, capped at {@code maxWait}. */
  private Duration exponential(int attempt) {
    long base = backoff.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, maxWait.toMillis());
    long half = capped / 2;
    return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
  }

  /** Up to 10% (at least 250 ms) on top of a server-named wait, so clients do not stampede. */
  private Duration jitter(Duration hinted) {
    long bound = Math.max(250, hinted.toMillis() / 10);
    return Duration.ofMillis(random.nextLong(bound + 1));
  }

  /** The wait the server named: Retry-After (seconds or HTTP date), else X-RateLimit-Reset. */
  private @Nullable Duration hint(Response response) {
    String retryAfter = response.header("Retry-After");
    Instant now = clock.instant();
    if (retryAfter != null) {
      String v = retryAfter.trim();
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
      } catch (NumberFormatException e) {
        try {
          Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          Duration d = Duration.between(now, at);
          return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException ignored) {
          // fall through to the rate-limit reset header
        }
      }
    }
    String reset = response.header("X-RateLimit-Reset");
    if (reset != null) {
      try {
        Duration d = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(reset.trim())));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (NumberFormatException ignored) {
        // no usable hint
      }
    }
    return null;
  }

  private void sleep(Duration d) throws IOException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry ServiceNow");
    }
  }

  private static boolean isInterrupted() {
    return Thread.currentThread().isInterrupted();
  }
}
