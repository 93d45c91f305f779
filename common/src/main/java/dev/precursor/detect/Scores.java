package dev.precursor.detect;

/** Maps detector statistics onto the common [0,1] score scale. */
final class Scores {
  private Scores() {}

  /**
   * Score of an absolute z-value: 0 up to {@code z0}, then rising as {@code 1 - exp(-(z - z0) /
   * width)}, so z0 + width scores 0.63 and z0 + 3 width 0.95.
   */
  static double fromZ(double absZ, double z0, double width) {
    if (!(absZ > z0)) {
      return 0;
    }
    return 1 - Math.exp(-(absZ - z0) / width);
  }

  /** Linear ramp: 0 at or below {@code lo}, 1 at or above {@code hi}. */
  static double ramp(double x, double lo, double hi) {
    if (!(x > lo)) {
      return 0;
    }
    if (x >= hi) {
      return 1;
    }
    return (x - lo) / (hi - lo);
  }

  /**
   * Largest magnitude a detector works with: bigger (finite) inputs are clamped so squares and sums
   * of squares stay finite.
   */
  static final double MAX_MAGNITUDE = 1e100;

  static double bounded(double x) {
    return x > MAX_MAGNITUDE ? MAX_MAGNITUDE : (x < -MAX_MAGNITUDE ? -MAX_MAGNITUDE : x);
  }

  static double clamp(double x, double lo, double hi) {
    return x < lo ? lo : (x > hi ? hi : x);
  }

  /** Bytes of a primitive array with {@code n} elements of {@code width} bytes (16-byte header). */
  static int arrayBytes(int n, int width) {
    return 16 + ((n * width + 7) & ~7);
  }
}
