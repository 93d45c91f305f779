/** Correlation of anomalies into situations by time proximity and dependency-graph adjacency. */
@NullMarked
package dev.precursor.correlate;

import org.jspecify.annotations.NullMarked;
