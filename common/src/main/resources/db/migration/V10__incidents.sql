-- Incident memory: learned postmortems and past tickets, and their embeddings per space.
CREATE TABLE incidents (
  id                 VARCHAR(64)   PRIMARY KEY,
  source             VARCHAR(1024) NOT NULL,
  content_hash       VARCHAR(64)   NOT NULL UNIQUE,
  title              VARCHAR(1024) NOT NULL,
  occurred_at_ms     BIGINT,
  family             VARCHAR(64)   NOT NULL,
  severity           VARCHAR(64),
  root_cause_service VARCHAR(255),
  extractor          VARCHAR(32)   NOT NULL,
  updated_at_ms      BIGINT        NOT NULL,
  body               TEXT          NOT NULL,
  incident_json      TEXT          NOT NULL
);
CREATE INDEX incidents_source ON incidents (source);
CREATE INDEX incidents_family ON incidents (family);
CREATE INDEX incidents_updated ON incidents (updated_at_ms);

CREATE TABLE incident_vectors (
  incident_id VARCHAR(64) NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  space       VARCHAR(16) NOT NULL,
  model       VARCHAR(64) NOT NULL,
  vector      BYTEA       NOT NULL,
  PRIMARY KEY (incident_id, space)
);
