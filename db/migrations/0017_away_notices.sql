-- Told when away (issue 18): a message for a consumer with no open socket is also sent by e-mail
-- or as an app event, at most once per case per 15 minutes.

-- Who has an open chat socket, on which replica: each replica refreshes the rows of the consumers
-- whose sockets it holds every few seconds and deletes a consumer's row when their last socket
-- closes. A row not refreshed for a while (its replica died) no longer counts. One row per replica,
-- so a tab closed on one replica does not hide another tab still open on another.
CREATE TABLE consumer_presence (
  consumer_id text NOT NULL,
  replica     text NOT NULL,
  seen_at     timestamptz NOT NULL,
  PRIMARY KEY (consumer_id, replica)
);
CREATE INDEX consumer_presence_seen_idx ON consumer_presence (seen_at);

-- The last notice sent for a case while its consumer was away: the 15 minutes are counted from
-- here, across restarts and replicas (claimed with one conditional upsert).
CREATE TABLE away_notices (
  case_id     bigint PRIMARY KEY REFERENCES cases (id),
  -- the message the notice was about
  message_id  bigint NOT NULL,
  notified_at timestamptz NOT NULL,
  -- when the e-mail went out (null: no contact address, no SMTP, or it failed)
  emailed_at  timestamptz,
  -- whether a consumer.message event was written to the outbox for the app's backend
  app_event   boolean NOT NULL DEFAULT false
);
