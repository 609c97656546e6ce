-- Outcome notices start with the events written after this migration: a database that already
-- held decisions told their consumers the old way (or not at all), and the catch-up scan must not
-- announce a case's whole history again. `after_event_id` is the last case event when it ran
-- (0 on a new database, where every event counts).
CREATE TABLE outcome_notices_start (
  only_row       boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  after_event_id bigint NOT NULL
);
INSERT INTO outcome_notices_start (after_event_id) SELECT coalesce(max(id), 0) FROM case_events;
