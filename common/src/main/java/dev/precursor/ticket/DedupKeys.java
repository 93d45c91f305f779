package dev.precursor.ticket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Stable ticket dedup keys. A key names one kind of incident in one environment: the environment,
 * the service where impact is expected and the failure pattern, hashed into {@code prc-<16 hex>}
 * (short, lower-case, no spaces: usable as a Jira label and a ServiceNow {@code correlation_id}).
 * The same inputs give the same key in every process and after every restart, so a replay or a
 * second engine finds the ticket already filed, and a recurrence of the same incident finds the
 * ticket it may reopen.
 */
public final class DedupKeys {
  /** Prefix of every key. */
  public static final String PREFIX = "prc-";

  private DedupKeys() {}

  /** The key of an incident kind: environment, impacted service, failure pattern. */
  public static String of(String environment, String service, String pattern) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(pattern, "pattern");
    String canonical = norm(environment) + '\u001f' + norm(service) + '\u001f' + norm(pattern);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Whether a string (a label, a correlation id) has the shape of a key. */
  public static boolean isKey(String s) {
    return s.length() == PREFIX.length() + 16
        && s.startsWith(PREFIX)
        && s.substring(PREFIX.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  private static String norm(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }
}
