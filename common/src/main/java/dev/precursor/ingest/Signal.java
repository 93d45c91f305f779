package dev.precursor.ingest;

import java.util.Locale;

/** The three telemetry signals the engine ingests. */
public enum Signal {
  METRICS("data points"),
  TRACES("spans"),
  LOGS("log records");

  private final String items;

  Signal(String items) {
    this.items = items;
  }

  /** Lower-case name used in metric labels: {@code metrics}, {@code traces}, {@code logs}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What one item of this signal is called in messages: "data points", "spans", "log records". */
  public String items() {
    return items;
  }
}
