package dev.precursor.detect;

import dev.precursor.InvalidTelemetryException;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.Times;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Batch scoring of one series from CSV, as {@code precursor detect} does it: input with a header
 * naming a {@code timestamp} and a {@code value} column (any order, case-insensitive, more columns
 * allowed), output {@code timestamp,value,anomaly_score} with exactly one row per input row, in
 * input order, the timestamp and value copied as they were.
 *
 * <p>Timestamps: {@code yyyy-MM-dd HH:mm:ss} (UTC, optional fraction), RFC 3339, or epoch
 * seconds/milliseconds (see {@link Times#parse}); they may repeat or step back. Empty value cells
 * (and {@code NA}, {@code N/A}, {@code null}, {@code None}) are missing values, like NaN and
 * infinities: the row is kept with score 0 and not fed to the detector. A row with an empty
 * timestamp is kept the same way. Blank lines are not rows. Anything else that cannot be read is an
 * {@link InvalidTelemetryException} naming the file, line and field.
 */
public final class CsvDetection {
  private final DetectorProfile profile;

  /** Batch scoring with the given detector profile. */
  public CsvDetection(DetectorProfile profile) {
    this.profile = profile;
  }

  /** What a run did. */
  public record Summary(long rows, long scored, long missing, long anomalies) {}

  /**
   * Scores {@code in} (named {@code source} in error messages) into {@code out}; {@code progress}
   * is called with the row count every 100,000 rows.
   *
   * @throws InvalidTelemetryException naming source, line and field for malformed input
   * @throws IOException when reading or writing fails
   */
  public Summary run(String source, Reader in, Writer out, LongConsumer progress)
      throws IOException {
    long[] episodes = new long[1];
    boolean[] open = new boolean[1];
    SeriesScorer scorer =
        new StreamingSeriesScorer(
            new AnomalyListener() {
              @Override
              public void onAnomaly(dev.precursor.model.Anomaly anomaly) {
                if (!open[0]) {
                  episodes[0]++;
                  open[0] = true;
                }
              }

              @Override
              public void onRecovered(SeriesKey series, long epochMillis) {
                open[0] = false;
              }
            },
            profile,
            1);
    SeriesKey key = SeriesKey.of("detect", source);
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    String header = r.readLine();
    if (header == null) {
      throw new InvalidTelemetryException(
          source + ":1: field 'header': empty file (expected a header 'timestamp,value')");
    }
    if (!header.isEmpty() && header.charAt(0) == '\uFEFF') {
      header = header.substring(1);
    }
    List<String> cols = new ArrayList<>();
    split(header, cols, source, 1);
    int tsCol = -1;
    int valCol = -1;
    for (int i = 0; i < cols.size(); i++) {
      String c = cols.get(i).trim().toLowerCase(Locale.ROOT);
      if (c.equals("timestamp") && tsCol < 0) {
        tsCol = i;
      } else if (c.equals("value") && valCol < 0) {
        valCol = i;
      }
    }
    if (tsCol < 0 || valCol < 0) {
      throw new InvalidTelemetryException(
          source
              + ":1: field '"
              + (tsCol < 0 ? "timestamp" : "value")
              + "': header '"
              + header
              + "' has no '"
              + (tsCol < 0 ? "timestamp" : "value")
              + "' column (expected a header 'timestamp,value')");
    }
    int width = cols.size();
    out.write("timestamp,value,anomaly_score\n");
    long rows = 0;
    long scored = 0;
    long missing = 0;
    long line = 1;
    StringBuilder sb = new StringBuilder(64);
    String raw;
    while ((raw = r.readLine()) != null) {
      line++;
      if (raw.isBlank()) {
        continue;
      }
      split(raw, cols, source, line);
      if (cols.size() > width) {
        throw new InvalidTelemetryException(
            String.format(
                Locale.ROOT,
                "%s:%d: field '%s': %d fields but the header has %d (unquoted comma in a value?)",
                source,
                line,
                "value",
                cols.size(),
                width));
      }
      String ts = tsCol < cols.size() ? cols.get(tsCol) : "";
      String val = valCol < cols.size() ? cols.get(valCol) : "";
      double score = 0;
      String tsTrim = ts.trim();
      double v = parseValue(val.trim(), source, line);
      if (tsTrim.isEmpty() || Double.isNaN(v) || Double.isInfinite(v)) {
        missing++;
      } else {
        long t = parseTime(tsTrim, source, line);
        score = scorer.accept(key, t, v);
        scored++;
      }
      sb.setLength(0);
      appendField(sb, ts);
      sb.append(',');
      appendField(sb, val);
      sb.append(',');
      appendScore(sb, score);
      sb.append('\n');
      out.append(sb);
      rows++;
      if (rows % 100_000 == 0) {
        progress.accept(rows);
      }
    }
    out.flush();
    return new Summary(rows, scored, missing, episodes[0]);
  }

  private static double parseValue(String s, String source, long line) {
    if (s.isEmpty()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "na", "n/a", "nan", "null", "none", "-nan" -> {
          return Double.NaN;
        }
        case "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity" -> {
          return Double.POSITIVE_INFINITY;
        }
        default ->
            throw new InvalidTelemetryException(
                source + ":" + line + ": field 'value': not a number: '" + s + "'");
      }
    }
  }

  /** Parses a timestamp; the common {@code yyyy-MM-dd HH:mm:ss} form without allocation. */
  static long parseTime(String s, String source, long line) {
    if (s.length() >= 19 && s.charAt(10) == ' ' && (s.length() == 19 || s.charAt(19) == '.')) {
      long fast = fastSpaceForm(s);
      if (fast != Long.MIN_VALUE) {
        return fast;
      }
    }
    try {
      return Times.parse(s).toEpochMilli();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidTelemetryException(
          source + ":" + line + ": field 'timestamp': " + e.getMessage(), e);
    }
  }

  private static long fastSpaceForm(String s) {
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int y = digits(s, 0, 4);
    int mo = digits(s, 5, 2);
    int d = digits(s, 8, 2);
    int h = digits(s, 11, 2);
    int mi = digits(s, 14, 2);
    int se = digits(s, 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59
        || se < 0 || se > 59) {
      return Long.MIN_VALUE;
    }
    if (d > java.time.YearMonth.of(y, mo).lengthOfMonth()) {
      return Long.MIN_VALUE;
    }
    long millis = 0;
    if (s.length() > 19) {
      int n = s.length() - 20;
      if (n < 1 || n > 9) {
        return Long.MIN_VALUE;
      }
      int frac = digits(s, 20, n);
      if (frac < 0) {
        return Long.MIN_VALUE;
      }
      double f = frac / Math.pow(10, n);
      millis = (long) (f * 1000);
    }
    long days = java.time.LocalDate.of(y, mo, d).toEpochDay();
    return ((days * 24 + h) * 60 + mi) * 60_000L + se * 1000L + millis;
  }

  private static int digits(String s, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Splits one CSV line (RFC 4180 quoting, no embedded newlines) into {@code out}. */
  private static void split(String line, List<String> out, String source, long lineNo) {
    out.clear();
    int n = line.length();
    if (n > 0 && line.charAt(n - 1) == '\r') {
      n--;
    }
    int i = 0;
    StringBuilder f = null;
    while (true) {
      if (i < n && line.charAt(i) == '"') {
        if (f == null) {
          f = new StringBuilder();
        }
        f.setLength(0);
        i++;
        while (true) {
          if (i >= n) {
            throw new InvalidTelemetryException(
                source + ":" + lineNo + ": field " + (out.size() + 1) + ": unterminated quote");
          }
          char c = line.charAt(i);
          if (c == '"') {
            if (i + 1 < n && line.charAt(i + 1) == '"') {
              f.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          f.append(c);
          i++;
        }
        out.add(f.toString());
        while (i < n && line.charAt(i) == ' ') {
          i++;
        }
        if (i < n && line.charAt(i) != ',') {
          throw new InvalidTelemetryException(
              source + ":" + lineNo + ": field " + out.size() + ": text after closing quote");
        }
      } else {
        int c = line.indexOf(',', i);
        int end = c < 0 || c > n ? n : c;
        out.add(line.substring(i, end));
        i = end;
      }
      if (i >= n) {
        return;
      }
      i++; // the comma
      if (i == n) {
        out.add("");
        return;
      }
    }
  }

  private static void appendField(StringBuilder sb, String f) {
    if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0) {
      sb.append('"').append(f.replace("\"", "\"\"")).append('"');
    } else {
      sb.append(f);
    }
  }

  /** Appends a score in [0,1] with six decimals, never in exponent form. */
  static void appendScore(StringBuilder sb, double score) {
    long v = Math.round(Scores.clamp(score, 0, 1) * 1_000_000);
    sb.append(v / 1_000_000).append('.');
    long frac = v % 1_000_000;
    String digits = Long.toString(frac);
    for (int i = digits.length(); i < 6; i++) {
      sb.append('0');
    }
    sb.append(digits);
  }
}
