package dev.precursor.grafana.frame;

/** The column types this plugin writes; each maps to one Arrow type Grafana decodes. */
public enum FieldType {
  /** Arrow Timestamp(NANOSECOND); values are {@link java.time.Instant}s. */
  TIME("time"),
  /** Arrow Float64; values are {@link Double}s. */
  FLOAT64("number"),
  /** Arrow Int64; values are {@link Long}s. */
  INT64("number"),
  /** Arrow Utf8; values are {@link String}s. */
  STRING("string"),
  /** Arrow Bool; values are {@link Boolean}s. */
  BOOL("boolean");

  private final String tstype;

  FieldType(String tstype) {
    this.tstype = tstype;
  }

  /** The {@code tstype} field metadata Grafana's SDK writes for this type. */
  public String tstype() {
    return tstype;
  }
}
