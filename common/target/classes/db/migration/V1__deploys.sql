-- Deploy and config-change markers (CI, API, implicit service.version changes).
CREATE TABLE deploys (
  id          VARCHAR(64)  PRIMARY KEY,
  service     VARCHAR(255) NOT NULL,
  version     VARCHAR(255) NOT NULL,
  environment VARCHAR(255),
  at_ms       BIGINT       NOT NULL,
  kind        VARCHAR(16)  NOT NULL,
  commit_sha  VARCHAR(255),
  url         VARCHAR(2048),
  source      VARCHAR(255) NOT NULL,
  dedup_key   VARCHAR(600) NOT NULL UNIQUE
);
CREATE INDEX deploys_at ON deploys (at_ms);
CREATE INDEX deploys_service_at ON deploys (service, at_ms);
