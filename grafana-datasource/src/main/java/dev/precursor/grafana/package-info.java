/** Grafana backend data source plugin: go-plugin handshake, pluginv2 gRPC services, logging. */
@NullMarked
package dev.precursor.grafana;

import org.jspecify.annotations.NullMarked;
