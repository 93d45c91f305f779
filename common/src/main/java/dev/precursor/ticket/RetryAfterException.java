package dev.precursor.ticket;

import dev.precursor.DownstreamException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A retryable downstream failure (HTTP 429 or 5xx) that may say how long to wait: the {@code
 * Retry-After} of the response. The outbox and {@link RetryPolicy} wait at least that long before
 * the next attempt; without it they fall back to exponential backoff with jitter.
 */
public class RetryAfterException extends DownstreamException {
  private static final long serialVersionUID = 1L;
  private final @Nullable Duration retryAfter;

  public RetryAfterException(
      String service, int status, @Nullable Duration retryAfter, String message) {
    super(service, status, true, message);
    this.retryAfter = retryAfter;
  }

  /** How long the remote system asked us to wait, when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Parses a {@code Retry-After} header: delay-seconds or an HTTP date; null when absent or
   * unparseable (callers then back off exponentially).
   */
  public static @Nullable Duration parseRetryAfter(@Nullable String header, java.time.Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String s = header.trim();
    try {
      long seconds = Long.parseLong(s);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      try {
        java.time.Instant at =
            java.time.ZonedDateTime.parse(s, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (java.time.format.DateTimeParseException e2) {
        return null;
      }
    }
  }
}
