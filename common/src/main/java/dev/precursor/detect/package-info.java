@NullMarked
package dev.precursor.detect;

import org.jspecify.annotations.NullMarked;
