@NullMarked
package dev.precursor.metrics;

import org.jspecify.annotations.NullMarked;
