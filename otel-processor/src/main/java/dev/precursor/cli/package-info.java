@NullMarked
package dev.precursor.cli;

import org.jspecify.annotations.NullMarked;
