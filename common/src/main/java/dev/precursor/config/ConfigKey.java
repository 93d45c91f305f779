package dev.precursor.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One configuration key: its dotted name, value type, default and whether it is a secret (masked in
 * {@code --print-config}). {@link ConfigSchema} lists them all.
 */
public record ConfigKey(
    String name, Type type, @Nullable String defaultValue, boolean secret, String description) {

  /** Value types, each with its parser; a parse failure message names the expected form. */
  public enum Type {
    STRING,
    INT,
    PORT,
    DOUBLE,
    PROBABILITY,
    BOOLEAN,
    DURATION,
    LIST;

    Object parse(String raw) {
      String s = raw.trim();
      switch (this) {
        case STRING:
          return raw;
        case INT:
          try {
            return Integer.parseInt(s);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer, got '" + raw + "'");
          }
        case PORT:
          int port;
          try {
            port = Integer.parseInt(s);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "expected a port number 0-65535 (0 = pick a free port), got '" + raw + "'");
          }
          if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                "expected a port number 0-65535 (0 = pick a free port), got " + port);
          }
          return port;
        case DOUBLE:
          try {
            return Double.parseDouble(s);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got '" + raw + "'");
          }
        case PROBABILITY:
          double p;
          try {
            p = Double.parseDouble(s);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number in [0,1], got '" + raw + "'");
          }
          if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("expected a number in [0,1], got " + p);
          }
          return p;
        case BOOLEAN:
          String b = s.toLowerCase(Locale.ROOT);
          if (b.equals("true") || b.equals("yes") || b.equals("on")) {
            return true;
          }
          if (b.equals("false") || b.equals("no") || b.equals("off")) {
            return false;
          }
          throw new IllegalArgumentException("expected true or false, got '" + raw + "'");
        case DURATION:
          return parseDuration(s);
        case LIST:
          return s.isEmpty()
              ? List.of()
              : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
      }
      throw new AssertionError(this);
    }
  }

  /** The environment variable that overrides this key: {@code jira.url → PRECURSOR_JIRA_URL}. */
  public String envName() {
    return envName(name);
  }

  static String envName(String key) {
    return "PRECURSOR_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}, a bare number of
   * seconds, or ISO-8601 ({@code PT5M}).
   */
  public static Duration parseDuration(String raw) {
    String s = raw.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      char unit = s.charAt(s.length() - 1);
      if (Character.isDigit(unit)) {
        return Duration.ofSeconds(Long.parseLong(s));
      }
      long n = Long.parseLong(s.substring(0, s.length() - 1).trim());
      switch (unit) {
        case 's':
          return Duration.ofSeconds(n);
        case 'm':
          return Duration.ofMinutes(n);
        case 'h':
          return Duration.ofHours(n);
        case 'd':
          return Duration.ofDays(n);
        default:
          break;
      }
    } catch (RuntimeException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "expected a duration such as 30s, 10m, 2h, 7d or PT5M, got '" + raw + "'");
  }
}
