@NullMarked
package dev.precursor.api;

import org.jspecify.annotations.NullMarked;
