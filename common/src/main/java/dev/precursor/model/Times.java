package dev.precursor.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parsing of the time forms the external contract accepts. */
public final class Times {
  private static final DateTimeFormatter SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Times() {}

  /**
   * Parses RFC 3339 ({@code 2026-01-02T03:04:05Z}, with offset or fraction), {@code yyyy-MM-dd
   * HH:mm:ss} (UTC), or epoch milliseconds; a bare number below 10^11 is taken as epoch seconds.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Instant parse(String raw) {
    String s = raw.trim();
    if (!s.isEmpty()
        && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-')
        && s.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-')
        && s.indexOf('-', 1) < 0) {
      try {
        double n = Double.parseDouble(s);
        return Math.abs(n) < 1e11
            ? Instant.ofEpochMilli(Math.round(n * 1000))
            : Instant.ofEpochMilli(Math.round(n));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(s, SPACE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "expected RFC 3339 (2026-01-02T03:04:05Z), 'yyyy-MM-dd HH:mm:ss' or epoch seconds/milliseconds, got '"
              + raw
              + "'");
    }
  }
}
