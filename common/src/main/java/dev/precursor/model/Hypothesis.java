package dev.precursor.model;

import java.util.List;

/** A candidate root cause: the service, what is wrong there, how sure we are, and why. */
public record Hypothesis(String service, String cause, double confidence, List<Evidence> evidence) {
  public Hypothesis {
    evidence = List.copyOf(evidence);
  }
}
