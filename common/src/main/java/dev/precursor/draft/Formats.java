package dev.precursor.draft;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Number, time and duration wording shared by the drafters; deterministic, locale-neutral. */
final class Formats {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SHORT_TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FULL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Formats() {}

  static String dateTime(Instant t) {
    return DATE_TIME.format(t);
  }

  static String time(Instant t) {
    return TIME.format(t);
  }

  static String shortTime(Instant t) {
    return SHORT_TIME.format(t);
  }

  static String full(Instant t) {
    return FULL.format(t);
  }

  static String date(Instant t) {
    return DATE.format(t);
  }

  /** "45 s", "18 min", "2 h 05 min", "3 d 4 h". */
  static String duration(Duration d) {
    long s = Math.abs(d.getSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 600 && s % 60 != 0) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    long m = Math.round(s / 60.0);
    if (m < 60) {
      return m + " min";
    }
    long h = m / 60;
    long rm = m % 60;
    if (h < 48) {
      return rm == 0 ? h + " h" : String.format(Locale.ROOT, "%d h %02d min", h, rm);
    }
    return (h / 24) + " d " + (h % 24) + " h";
  }

  /** A probability as a whole percentage: 0.912 → "91%". */
  static String percent(double p) {
    return Math.round(p * 100) + "%";
  }

  /** Three significant digits, thousands separated: 41234.5 → "41,200", 0.01234 → "0.0123". */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    if (a >= 1000) {
      double mag = Math.pow(10, Math.floor(Math.log10(a)) - 2);
      return String.format(Locale.ROOT, "%,.0f", Math.round(v / mag) * mag);
    }
    java.math.BigDecimal bd =
        new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros();
    return bd.toPlainString();
  }

  /** A count of things, rounded to two significant digits when large: "≈ 41,000". */
  static String count(double v) {
    if (v < 100) {
      return String.valueOf(Math.round(v));
    }
    double mag = Math.pow(10, Math.floor(Math.log10(v)) - 1);
    return String.format(Locale.ROOT, "%,.0f", Math.round(v / mag) * mag);
  }

  /** A metric value with a unit guessed from the metric name. */
  static String value(String metric, double v) {
    String m = metric.toLowerCase(Locale.ROOT);
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (m.matches(".*(^|[._])(ratio|fraction)($|[._].*)")) {
      return number(v * 100) + "%";
    }
    if (m.contains("percent") || m.endsWith("_pct")) {
      return number(v) + "%";
    }
    if (m.contains("milliseconds") || m.endsWith("_ms") || m.contains(".ms")) {
      return v >= 1000 ? number(v / 1000) + " s" : number(v) + " ms";
    }
    if (m.contains("seconds")
        || m.endsWith("_s")
        || m.contains("duration")
        || m.contains("latency")) {
      return v < 1 ? number(v * 1000) + " ms" : number(v) + " s";
    }
    if (m.contains("bytes")) {
      String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
      int u = 0;
      double x = v;
      while (Math.abs(x) >= 1024 && u < units.length - 1) {
        x /= 1024;
        u++;
      }
      return number(x) + " " + units[u];
    }
    return number(v);
  }

  /** Change against baseline: "+240%", "-35%", "x12" for large rises, "new" from zero. */
  static String change(double value, double baseline) {
    if (Double.isNaN(value) || Double.isNaN(baseline)) {
      return "n/a";
    }
    if (baseline == 0) {
      return value == 0 ? "0%" : "new (baseline 0)";
    }
    double ratio = value / baseline;
    if (ratio >= 10) {
      return "x" + number(ratio);
    }
    double pct = (value - baseline) / Math.abs(baseline) * 100;
    long r = Math.round(pct);
    return (r > 0 ? "+" : "") + r + "%";
  }

  /** "connection-pool-exhaustion" → "connection pool exhaustion"; free text unchanged. */
  static String humanize(String pattern) {
    String p = pattern.strip();
    if (!p.contains(" ") && (p.contains("-") || p.contains("_"))) {
      return p.replace('-', ' ').replace('_', ' ');
    }
    return p;
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Trims to at most {@code max} characters at a word boundary, with an ellipsis. */
  static String clip(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int cut = s.lastIndexOf(' ', max - 1);
    return s.substring(0, cut > max / 2 ? cut : max - 1).stripTrailing() + "…";
  }
}
