/** Built-in scenarios with ground truth, replayed through OTLP for the demo and the evaluation. */
@NullMarked
package dev.precursor.scenario;

import org.jspecify.annotations.NullMarked;
