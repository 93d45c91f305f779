package dev.precursor.api;

import io.javalin.config.RoutesConfig;

/**
 * One capability's routes on the engine's HTTP API (health, deploys, predictions, ...). {@link
 * ApiServer} registers every module; paths are absolute ({@code /api/v1/...}).
 */
public interface ApiModule {
  void routes(RoutesConfig routes);
}
