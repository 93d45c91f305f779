package dev.precursor.memory;

/** Checks of confidence values: every extracted field carries one in [0,1]. */
final class Confidence {
  private Confidence() {}

  static double check(double c) {
    if (!(c >= 0 && c <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0,1]: " + c);
    }
    return c;
  }
}
