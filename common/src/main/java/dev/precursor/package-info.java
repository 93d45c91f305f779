@NullMarked
package dev.precursor;

import org.jspecify.annotations.NullMarked;
