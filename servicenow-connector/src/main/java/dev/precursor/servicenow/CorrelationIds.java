package dev.precursor.servicenow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Builds the {@code correlation_id} Precursor writes on its incidents and looks them up by: {@code
 * precursor:<environment>:<key>}. Stable (a pure function of environment and dedup key), never
 * empty, at most 100 characters (the field's length), and restricted to {@code [A-Za-z0-9:._-]} so
 * it can never carry encoded-query syntax ({@code ^}, {@code =}): a key or environment outside that
 * alphabet, or too long, is replaced by a SHA-256 prefix of itself.
 */
public final class CorrelationIds {
  static final String PREFIX = "precursor:";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9:._-]+");
  private static final int MAX_ENV = 24;
  private static final int MAX_KEY = 64;

  private CorrelationIds() {}

  /** The correlation id of a situation's incident. */
  public static String incident(String environment, String dedupKey) {
    return PREFIX
        + part(environment, MAX_ENV, "environment")
        + ":"
        + part(dedupKey, MAX_KEY, "key");
  }

  /** The correlation id of the problem record of a recurring pattern. */
  public static String problem(String environment, String patternKey) {
    return PREFIX
        + part(environment, MAX_ENV, "environment")
        + ":problem:"
        + part(patternKey, MAX_KEY - 8, "pattern");
  }

  /** Whether a value can be used in an encoded query as is (never empty, no query syntax). */
  public static boolean isSafe(String correlationId) {
    return !correlationId.isEmpty()
        && correlationId.startsWith(PREFIX)
        && correlationId.length() <= 100
        && SAFE.matcher(correlationId).matches();
  }

  private static String part(String raw, int max, String what) {
    String s = raw.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("correlation id " + what + " must not be empty");
    }
    if (s.length() <= max && SAFE.matcher(s).matches()) {
      return s;
    }
    return "h" + sha256(s).substring(0, Math.min(32, max - 1));
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
