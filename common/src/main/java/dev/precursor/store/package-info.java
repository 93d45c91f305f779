@NullMarked
package dev.precursor.store;

import org.jspecify.annotations.NullMarked;
