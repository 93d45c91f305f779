package dev.precursor.model;

import org.jspecify.annotations.Nullable;

/**
 * A past incident that resembles the current one: similarity in [0,1], the embedding space that
 * matched ({@code symptom}, {@code cause}, {@code precursor}, {@code resolution}, {@code
 * signature}) and how it was resolved.
 */
public record SimilarIncident(
    String id,
    String title,
    double similarity,
    @Nullable String space,
    @Nullable String resolution) {}
