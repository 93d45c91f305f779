package dev.precursor.detect;

import dev.precursor.model.SeriesKey;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When a series is expected to cross its limit: {@code expected} at the fitted slope, within the
 * band {@code earliest}..{@code latest} from slope &plusmn; 2 standard errors ({@code latest} is
 * null when the slow end of the band never reaches the limit). Times are event times.
 */
public record Forecast(
    SeriesKey series,
    Instant at,
    double level,
    double slopePerHour,
    double limit,
    Instant expected,
    Instant earliest,
    @Nullable Instant latest) {
  public Forecast {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(earliest, "earliest");
  }
}
