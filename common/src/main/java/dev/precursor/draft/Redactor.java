package dev.precursor.draft;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what must not leave the process before text is sent to an LLM ({@code llm.redact}): IP
 * addresses, e-mail addresses, host names and secret-looking strings (API keys, tokens, JWTs,
 * passwords in {@code key=value} form, long random strings). Each distinct value gets a stable
 * placeholder ({@code <HOST_1>}, {@code <IP_2>}, ...) so the model can still tell them apart;
 * {@link Session#restore} puts IPs, e-mails and host names back into the model's answer, while
 * secrets stay masked. Names the engine itself uses (services, metrics) are never masked. One
 * {@link Session} per draft; not thread-safe within a session.
 */
public final class Redactor {
  /** Secret shapes from common providers, then generic forms. */
  private static final List<Pattern> SECRET_PATTERNS =
      List.of(
          Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
          Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}\\b"),
          Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}\\b"),
          Pattern.compile("\\bsk-[A-Za-z0-9_-]{16,}\\b"),
          Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\b"),
          Pattern.compile(
              "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE" + " KEY-----"));

  /** {@code password=...}, {@code token: ...}, {@code Authorization: Bearer ...}: the value. */
  private static final Pattern KEY_VALUE_SECRET =
      Pattern.compile(
          "(?i)\\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth|"
              + "authorization|bearer|credentials?)(\\s*[=:]\\s*|\\s+)(bearer\\s+)?"
              + "([^\\s,;\"'&]{6,})");

  /** A long run of base64/hex-ish characters with letters and digits mixed: likely a key. */
  private static final Pattern HIGH_ENTROPY = Pattern.compile("\\b[A-Za-z0-9+/_-]{32,}={0,2}");

  private static final Pattern EMAIL =
      Pattern.compile("\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+\\b");
  private static final Pattern IPV4 =
      Pattern.compile(
          "\\b(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)"
              + "(?::\\d{1,5})?\\b");

  /** IPv6 candidates; {@code isIpv6} rejects times such as {@code 14:05:40}. */
  private static final Pattern IPV6 =
      Pattern.compile(
          "(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])");

  /** Dotted names whose last label is a TLD or an internal suffix: host names, not metrics. */
  private static final Pattern HOST =
      Pattern.compile(
          "\\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+"
              + "(?:com|net|org|io|dev|app|cloud|ai|co|uk|de|fr|eu|us|info|biz|internal|local|lan|"
              + "corp|intra|home|svc|cluster|example)\\b(?::\\d{1,5})?");

  private static final Pattern PLACEHOLDER = Pattern.compile("<(IP|EMAIL|HOST|SECRET)_(\\d+)>");

  private final Set<String> keep;

  /**
   * @param keep names never masked (services, metrics, endpoints the evidence already names)
   */
  public Redactor(Set<String> keep) {
    this.keep = Set.copyOf(keep.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
  }

  /** Starts a session: one placeholder mapping for the text sent and the answer received. */
  public Session session() {
    return new Session();
  }

  /** One draft's mapping between placeholders and original values. */
  public final class Session {
    private final Map<String, String> toPlaceholder = new LinkedHashMap<>();
    private final Map<String, String> toOriginal = new LinkedHashMap<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();

    private Session() {}

    /** The text with every sensitive value replaced by its placeholder. */
    public String redact(String text) {
      String s = text;
      for (Pattern p : SECRET_PATTERNS) {
        s = replace(s, p, "SECRET", 0);
      }
      s = replace(s, KEY_VALUE_SECRET, "SECRET", 4);
      s = replace(s, EMAIL, "EMAIL", 0);
      s = replace(s, HOST, "HOST", 0);
      s = replace(s, IPV4, "IP", 0);
      s = replace(s, IPV6, "IP", 0);
      s = replaceHighEntropy(s);
      return s;
    }

    /**
     * Puts original IPs, e-mails and host names back; secrets become {@code [redacted]}, and
     * placeholders the session never issued are left as they are.
     */
    public String restore(String text) {
      Matcher m = PLACEHOLDER.matcher(text);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String original = toOriginal.get(m.group());
        String replacement =
            original == null ? m.group() : m.group(1).equals("SECRET") ? "[redacted]" : original;
        m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(sb);
      return sb.toString();
    }

    /** How many distinct values were masked, by kind. */
    public Map<String, Integer> counts() {
      return Map.copyOf(counters);
    }

    private String replace(String s, Pattern p, String kind, int group) {
      Matcher m = p.matcher(s);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String value = group == 0 ? m.group() : m.group(group);
        if (value == null
            || isKept(value)
            || PLACEHOLDER.matcher(value).matches()
            || (p == IPV6 && !isIpv6(value))) {
          m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
          continue;
        }
        String ph = placeholder(kind, value);
        String whole = m.group();
        String replaced =
            group == 0
                ? ph
                : whole.substring(0, m.start(group) - m.start())
                    + ph
                    + whole.substring(m.end(group) - m.start());
        m.appendReplacement(sb, Matcher.quoteReplacement(replaced));
      }
      m.appendTail(sb);
      return sb.toString();
    }

    private String replaceHighEntropy(String s) {
      Matcher m = HIGH_ENTROPY.matcher(s);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String v = m.group();
        boolean letters = v.chars().anyMatch(Character::isLetter);
        boolean digits = v.chars().anyMatch(Character::isDigit);
        boolean upperAndLower =
            v.chars().anyMatch(Character::isUpperCase)
                && v.chars().anyMatch(Character::isLowerCase);
        // a git commit (40 hex) is evidence, not a secret
        boolean commit = v.matches("[0-9a-f]{7,40}");
        boolean secret = letters && digits && !commit && (upperAndLower || v.length() >= 40);
        m.appendReplacement(
            sb, Matcher.quoteReplacement(secret && !isKept(v) ? placeholder("SECRET", v) : v));
      }
      m.appendTail(sb);
      return sb.toString();
    }

    private static boolean isIpv6(String v) {
      long colons = v.chars().filter(c -> c == ':').count();
      boolean hexDigit = v.chars().anyMatch(c -> Character.isLetterOrDigit(c));
      return hexDigit && (v.contains("::") || colons == 7);
    }

    private boolean isKept(String value) {
      return keep.contains(value.toLowerCase(Locale.ROOT));
    }

    private String placeholder(String kind, String value) {
      String existing = toPlaceholder.get(value);
      if (existing != null) {
        return existing;
      }
      int n = counters.merge(kind, 1, Integer::sum);
      String ph = "<" + kind + "_" + n + ">";
      toPlaceholder.put(value, ph);
      toOriginal.put(ph, value);
      return ph;
    }
  }
}
