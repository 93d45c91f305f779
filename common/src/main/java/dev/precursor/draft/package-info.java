@NullMarked
package dev.precursor.draft;

import org.jspecify.annotations.NullMarked;
