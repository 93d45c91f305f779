/** The query model and one handler per query type, each turning engine data into frames. */
@NullMarked
package dev.precursor.grafana.query;

import org.jspecify.annotations.NullMarked;
