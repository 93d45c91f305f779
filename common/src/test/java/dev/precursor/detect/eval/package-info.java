/** Labeled evaluation of the detector stack: generated corpus, NAB-style scoring, report. */
@NullMarked
package dev.precursor.detect.eval;

import org.jspecify.annotations.NullMarked;
