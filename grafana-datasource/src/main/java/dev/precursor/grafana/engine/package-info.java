/** The client of the Precursor engine's HTTP API and the records it reads. */
@NullMarked
package dev.precursor.grafana.engine;

import org.jspecify.annotations.NullMarked;
