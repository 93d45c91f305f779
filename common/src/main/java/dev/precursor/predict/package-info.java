/** Predictions: precursor signatures matched against incident memory, calibrated by feedback. */
@NullMarked
package dev.precursor.predict;

import org.jspecify.annotations.NullMarked;
