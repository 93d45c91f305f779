package dev.precursor.rca;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A wide table of metrics: one time axis (epoch ms, sorted ascending, repeats allowed) and one
 * column of values per metric, {@link Double#NaN} where a cell was empty. Column names are {@code
 * <service>_<metric>}; the service is the text before the first {@code _}.
 */
public final class MetricTable {
  private final long[] times;
  private final List<String> names;
  private final double[][] columns;

  /**
   * @param times event times in epoch ms, ascending
   * @param names one name per column
   * @param columns {@code columns[c][row]}, every column as long as {@code times}
   */
  public MetricTable(long[] times, List<String> names, double[][] columns) {
    Objects.requireNonNull(times, "times");
    this.names = List.copyOf(names);
    if (columns.length != this.names.size()) {
      throw new IllegalArgumentException(
          "expected " + this.names.size() + " columns, got " + columns.length);
    }
    for (int i = 1; i < times.length; i++) {
      if (times[i] < times[i - 1]) {
        throw new IllegalArgumentException("times must be ascending at row " + i);
      }
    }
    for (double[] col : columns) {
      if (col.length != times.length) {
        throw new IllegalArgumentException("every column needs one value per time");
      }
    }
    this.times = times.clone();
    this.columns = columns.clone();
  }

  public int rows() {
    return times.length;
  }

  public int width() {
    return names.size();
  }

  public long time(int row) {
    return times[row];
  }

  public String name(int column) {
    return names.get(column);
  }

  public List<String> names() {
    return names;
  }

  /** The values of one column (do not modify). */
  double[] column(int column) {
    return columns[column];
  }

  public double value(int column, int row) {
    return columns[column][row];
  }

  /** The first row whose time is at or after {@code epochMillis} ({@link #rows()} when none). */
  public int firstRowAtOrAfter(long epochMillis) {
    int i = Arrays.binarySearch(times, epochMillis);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && times[i - 1] == epochMillis) {
      i--;
    }
    return i;
  }

  /**
   * The service a column belongs to: the text before the first {@code _} (the whole name if none).
   */
  public static String serviceOf(String column) {
    int u = column.indexOf('_');
    return u <= 0 ? column : column.substring(0, u);
  }

  /**
   * The metric part of a column name: the text after the first {@code _} ({@code value} if none).
   */
  public static String metricOf(String column) {
    int u = column.indexOf('_');
    return u <= 0 || u == column.length() - 1 ? "value" : column.substring(u + 1);
  }
}
