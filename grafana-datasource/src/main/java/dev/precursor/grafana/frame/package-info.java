/** Grafana data frames and their Arrow IPC file encoding. */
@NullMarked
package dev.precursor.grafana.frame;

import org.jspecify.annotations.NullMarked;
