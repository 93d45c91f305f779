@NullMarked
package dev.precursor.ticket;

import org.jspecify.annotations.NullMarked;
