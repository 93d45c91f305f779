package dev.precursor.rca;

import dev.precursor.InvalidTelemetryException;
import dev.precursor.model.Times;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a wide metrics CSV as real exports write it: a header with a {@code time} column (epoch
 * seconds, epoch milliseconds or RFC 3339) and {@code <service>_<metric>} columns; empty cells and
 * {@code NaN}/{@code null}/{@code NA} are missing values; quoted fields; rows whose timestamps
 * repeat or step back (rows are sorted by time, stably); a pandas index column without a name is
 * ignored, as is a repeated {@code time} column. Any other bad cell is an {@link
 * InvalidTelemetryException} naming the file, line and column.
 */
public final class WideCsvReader {
  private static final Set<String> MISSING =
      Set.of(
          "",
          "nan",
          "null",
          "na",
          "n/a",
          "none",
          "-",
          "undefined",
          "inf",
          "-inf",
          "+inf",
          "infinity",
          "-infinity",
          "+infinity");

  private WideCsvReader() {}

  /**
   * Reads the whole table.
   *
   * @param source name used in error messages (usually the file path)
   * @throws InvalidTelemetryException naming file, line and field of the first bad cell
   * @throws IOException when reading fails
   */
  public static MetricTable read(Reader in, String source) throws IOException {
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    String headerLine = r.readLine();
    int lineNo = 1;
    if (headerLine != null && headerLine.startsWith("\uFEFF")) {
      headerLine = headerLine.substring(1);
    }
    if (headerLine == null || headerLine.isBlank()) {
      throw new InvalidTelemetryException(
          source + ":1: empty file; expected a header 'time,<service>_<metric>,...'");
    }
    List<String> header = split(headerLine, source, lineNo);
    int timeCol = -1;
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i).trim().toLowerCase(Locale.ROOT);
      if (h.equals("time") || h.equals("timestamp")) {
        timeCol = i;
        break;
      }
    }
    if (timeCol < 0) {
      throw new InvalidTelemetryException(
          source
              + ":1: field 1 ('"
              + (header.isEmpty() ? "" : header.get(0))
              + "'): expected a 'time' column (epoch seconds or RFC 3339) first");
    }
    // value columns: every named column except the time column(s); duplicate names merged last-wins
    int[] target = new int[header.size()];
    List<String> names = new ArrayList<>();
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i).trim();
      String lower = h.toLowerCase(Locale.ROOT);
      boolean timeLike =
          i == timeCol || lower.equals("time") || lower.matches("time\\.\\d+") || h.isEmpty();
      if (timeLike || (i < timeCol && lower.startsWith("unnamed"))) {
        target[i] = -1;
        continue;
      }
      Integer existing = byName.get(h);
      if (existing != null) {
        target[i] = existing;
      } else {
        byName.put(h, names.size());
        target[i] = names.size();
        names.add(h);
      }
    }
    int width = names.size();
    long[] times = new long[1024];
    double[][] cols = new double[width][1024];
    int rows = 0;
    String line;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      List<String> f = split(line, source, lineNo);
      if (f.size() > header.size()) {
        throw new InvalidTelemetryException(
            source
                + ":"
                + lineNo
                + ": "
                + f.size()
                + " fields but the header has "
                + header.size());
      }
      if (rows == times.length) {
        int cap = rows * 2;
        times = Arrays.copyOf(times, cap);
        for (int c = 0; c < width; c++) {
          cols[c] = Arrays.copyOf(cols[c], cap);
        }
      }
      String t = timeCol < f.size() ? f.get(timeCol).trim() : "";
      if (t.isEmpty()) {
        throw new InvalidTelemetryException(
            source + ":" + lineNo + ": field 'time' is empty; every row needs a time");
      }
      try {
        times[rows] = Times.parse(t).toEpochMilli();
      } catch (IllegalArgumentException e) {
        throw new InvalidTelemetryException(
            source + ":" + lineNo + ": field 'time': " + e.getMessage(), e);
      }
      for (int c = 0; c < width; c++) {
        cols[c][rows] = Double.NaN;
      }
      for (int i = 0; i < f.size(); i++) {
        int c = target[i];
        if (c < 0) {
          continue;
        }
        String cell = f.get(i).trim();
        double v = parseCell(cell);
        if (Double.isNaN(v) && !isMissing(cell)) {
          throw new InvalidTelemetryException(
              source
                  + ":"
                  + lineNo
                  + ": field '"
                  + header.get(i).trim()
                  + "' (column "
                  + (i + 1)
                  + "): not a number: '"
                  + (cell.length() > 40 ? cell.substring(0, 40) + "..." : cell)
                  + "'");
        }
        if (!Double.isNaN(v) || Double.isNaN(cols[c][rows])) {
          cols[c][rows] = v;
        }
      }
      rows++;
    }
    if (rows == 0) {
      throw new InvalidTelemetryException(source + ": no data rows after the header");
    }
    return sortByTime(Arrays.copyOf(times, rows), names, cols, rows);
  }

  private static MetricTable sortByTime(long[] times, List<String> names, double[][] cols, int n) {
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      sorted = times[i] >= times[i - 1];
    }
    double[][] out = new double[cols.length][];
    if (sorted) {
      for (int c = 0; c < cols.length; c++) {
        out[c] = Arrays.copyOf(cols[c], n);
      }
      return new MetricTable(times, names, out);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b])); // stable (TimSort)
    long[] st = new long[n];
    for (int i = 0; i < n; i++) {
      st[i] = times[order[i]];
    }
    for (int c = 0; c < cols.length; c++) {
      double[] col = new double[n];
      for (int i = 0; i < n; i++) {
        col[i] = cols[c][order[i]];
      }
      out[c] = col;
    }
    return new MetricTable(st, names, out);
  }

  private static boolean isMissing(String cell) {
    return MISSING.contains(cell.toLowerCase(Locale.ROOT));
  }

  /** The number in a cell; NaN for missing and for text that is no number. */
  private static double parseCell(String cell) {
    if (cell.isEmpty()) {
      return Double.NaN;
    }
    char c0 = cell.charAt(0);
    if (!(Character.isDigit(c0) || c0 == '-' || c0 == '+' || c0 == '.' || c0 == 'i' || c0 == 'I')
        || isMissing(cell)) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(cell);
      return Double.isInfinite(v) ? Double.NaN : v;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Splits one CSV line (RFC 4180 quotes; no multi-line fields). */
  static List<String> split(String line, String source, int lineNo) {
    List<String> out = new ArrayList<>();
    int n = line.length();
    if (n > 0 && line.charAt(n - 1) == '\r') {
      n--;
    }
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < n; i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < n && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(ch);
        }
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else if (ch == '"' && cur.toString().isBlank()) {
        quoted = true;
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    if (quoted) {
      throw new InvalidTelemetryException(
          source + ":" + lineNo + ": unterminated quoted field (field " + (out.size() + 1) + ")");
    }
    out.add(cur.toString());
    return out;
  }
}
