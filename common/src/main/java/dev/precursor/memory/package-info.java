@NullMarked
package dev.precursor.memory;

import org.jspecify.annotations.NullMarked;
