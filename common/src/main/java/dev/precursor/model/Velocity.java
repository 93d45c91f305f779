package dev.precursor.model;

/**
 * Drift velocity of a series over three horizons, as the change per hour relative to the baseline's
 * scale (robust z-units per hour): the "velocity signature" that is matched against past incidents.
 * NaN where the horizon is not yet covered by data.
 */
public record Velocity(double per5m, double per1h, double per6h) {
  public static final Velocity UNKNOWN = new Velocity(Double.NaN, Double.NaN, Double.NaN);
}
