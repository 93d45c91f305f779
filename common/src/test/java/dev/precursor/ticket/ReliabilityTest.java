package dev.precursor.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.DownstreamException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReliabilityTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

  @Test
  void backoffGrowsExponentiallyWithJitterUpToTheCap() {
    Random r = new Random(1);
    for (int attempt = 1; attempt <= 10; attempt++) {
      long exp = Math.min(60_000, 1000L << (attempt - 1));
      for (int i = 0; i < 50; i++) {
        long d = backoff.delay(attempt, null, r).toMillis();
        assertThat(d).isBetween(exp / 2, exp);
      }
    }
    assertThat(backoff.delay(100, null, r)).isLessThanOrEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void backoffHonoursRetryAfterAsTheMinimum() {
    Random r = new Random(2);
    for (int i = 0; i < 50; i++) {
      assertThat(backoff.delay(1, Duration.ofSeconds(120), r))
          .isBetween(Duration.ofSeconds(120), Duration.ofSeconds(132));
    }
  }

  @Test
  void parsesRetryAfterSecondsAndDates() {
    Instant now = Instant.parse("2026-11-23T14:00:00Z");
    assertThat(RetryAfterException.parseRetryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfterException.parseRetryAfter("Mon, 23 Nov 2026 14:00:30 GMT", now))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfterException.parseRetryAfter("soon", now)).isNull();
    assertThat(RetryAfterException.parseRetryAfter(null, now)).isNull();
  }

  @Test
  void retryPolicyRetriesRetryableFailuresHonouringRetryAfter() {
    List<Duration> slept = new ArrayList<>();
    RetryPolicy policy = new RetryPolicy(4, backoff, slept::add, new Random(3));
    AtomicInteger calls = new AtomicInteger();
    String result =
        policy.call(
            "search",
            () -> {
              int n = calls.incrementAndGet();
              if (n == 1) {
                throw new RetryAfterException("jira", 429, Duration.ofSeconds(5), "429");
              }
              if (n == 2) {
                throw new DownstreamException("jira", 503, true, "503");
              }
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    assertThat(slept).hasSize(2);
    assertThat(slept.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofMillis(5500));
    assertThat(slept.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void retryPolicyDoesNotRetryFinalFailuresAndGivesUp() {
    List<Duration> slept = new ArrayList<>();
    RetryPolicy policy = new RetryPolicy(3, backoff, slept::add, new Random(3));
    assertThatThrownBy(
            () ->
                policy.call(
                    "x",
                    () -> {
                      throw new DownstreamException("jira", 401, false, "401 Unauthorized");
                    }))
        .hasMessageContaining("401");
    assertThat(slept).isEmpty();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                policy.call(
                    "x",
                    () -> {
                      calls.incrementAndGet();
                      throw new DownstreamException("jira", 503, true, "503");
                    }))
        .hasMessageContaining("503");
    assertThat(calls).hasValue(3);
  }

  @Test
  void rateLimiterSpacesCallsAfterTheBurst() {
    TicketFixtures.MutableClock clock = new TicketFixtures.MutableClock(TicketFixtures.T0);
    List<Duration> slept = new ArrayList<>();
    RateLimiter limiter =
        new RateLimiter(
            5,
            2,
            clock,
            d -> {
              slept.add(d);
              clock.advance(d);
            });
    Instant start = clock.instant();
    for (int i = 0; i < 12; i++) {
      limiter.acquire();
    }
    // 2 from the burst, then 10 at 5/s
    assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofSeconds(2));
    assertThat(slept).hasSize(10).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofMillis(200)));
    clock.advance(Duration.ofSeconds(10));
    slept.clear();
    limiter.acquire();
    limiter.acquire();
    assertThat(slept).isEmpty();
  }

  @Test
  void dedupKeysAreStableLabelSafeAndScopedByEnvironment() {
    String k = DedupKeys.of("production", "checkout", "error-rate-climb");
    assertThat(k).matches("prc-[0-9a-f]{16}");
    assertThat(DedupKeys.of(" Production", "CHECKOUT ", "error-rate-climb")).isEqualTo(k);
    assertThat(DedupKeys.of("staging", "checkout", "error-rate-climb")).isNotEqualTo(k);
    assertThat(DedupKeys.of("production", "cart", "error-rate-climb")).isNotEqualTo(k);
    assertThat(DedupKeys.isKey(k)).isTrue();
    assertThat(DedupKeys.isKey("precursor")).isFalse();
  }
}
