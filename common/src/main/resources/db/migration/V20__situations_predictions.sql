-- Situations (grouped anomalies), predictions and their feedback labels.
-- A few indexed columns for filtering and paging; the full object as JSON text.
CREATE TABLE situations (
  id          VARCHAR(64)  PRIMARY KEY,
  state       VARCHAR(16)  NOT NULL,
  opened_ms   BIGINT       NOT NULL,
  resolved_ms BIGINT,
  updated_ms  BIGINT       NOT NULL,
  services    VARCHAR(4000) NOT NULL,
  body        TEXT         NOT NULL
);
CREATE INDEX situations_opened ON situations (opened_ms);
CREATE INDEX situations_state_opened ON situations (state, opened_ms);

CREATE TABLE predictions (
  id           VARCHAR(64)  PRIMARY KEY,
  situation_id VARCHAR(64)  NOT NULL,
  service      VARCHAR(255) NOT NULL,
  tier         VARCHAR(8)   NOT NULL,
  confidence   DOUBLE PRECISION NOT NULL,
  raised_ms    BIGINT       NOT NULL,
  pattern      VARCHAR(255) NOT NULL,
  state        VARCHAR(16)  NOT NULL,
  body         TEXT         NOT NULL
);
CREATE INDEX predictions_raised ON predictions (raised_ms);
CREATE INDEX predictions_situation ON predictions (situation_id);
CREATE INDEX predictions_service_raised ON predictions (service, raised_ms);

CREATE TABLE prediction_feedback (
  id            VARCHAR(64)  PRIMARY KEY,
  prediction_id VARCHAR(64)  NOT NULL,
  pattern       VARCHAR(255) NOT NULL,
  label         VARCHAR(16)  NOT NULL,
  confidence    DOUBLE PRECISION NOT NULL,
  at_ms         BIGINT       NOT NULL,
  note          VARCHAR(4000)
);
CREATE INDEX prediction_feedback_pattern ON prediction_feedback (pattern);
CREATE INDEX prediction_feedback_prediction ON prediction_feedback (prediction_id);
