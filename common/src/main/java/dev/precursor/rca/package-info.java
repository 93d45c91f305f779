/**
 * Root-cause analysis: offline ranking over wide metric tables and live hypotheses for situations.
 */
@NullMarked
package dev.precursor.rca;

import org.jspecify.annotations.NullMarked;
