@NullMarked
package dev.precursor.annotate;

import org.jspecify.annotations.NullMarked;
