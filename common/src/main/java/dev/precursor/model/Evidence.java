package dev.precursor.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One fact behind a hypothesis: what was seen (kind: {@code anomaly}, {@code deploy}, {@code
 * graph}, {@code similar-incident}, {@code ruled-out}, ...), where, when, and why it counts.
 */
public record Evidence(
    String kind,
    @Nullable String series,
    @Nullable Instant at,
    @Nullable Double value,
    String summary) {}
