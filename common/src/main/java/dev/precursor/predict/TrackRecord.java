package dev.precursor.predict;

import org.jspecify.annotations.Nullable;

/**
 * How right a pattern's predictions have been: labels so far by kind, precision (share of labels
 * that confirmed the risk), the mean confidence the labelled predictions had, the Brier score of
 * those confidences, and the Platt parameters now applied ({@code calibrated(p) = σ(a·logit(p) +
 * b)}; a = 1, b = 0 is no change).
 */
public record TrackRecord(
    String pattern,
    int labels,
    int truePositives,
    int falsePositives,
    int nearMisses,
    int delayedHits,
    @Nullable Double precision,
    @Nullable Double meanConfidence,
    @Nullable Double brierScore,
    double calibrationSlope,
    double calibrationIntercept) {}
