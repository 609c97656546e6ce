-- The agent desk's second step (issue 6). One migration for what the Slack desk keeps beyond its
-- cards, so the numbers of other migrations stay as they are.

-- Notes on a case: an agent's `note:` in a card's thread. Internal: never sent to the consumer.
-- The original text stays here; the redacted copy is what may be shown (the card, logs).
CREATE TABLE case_notes (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases (id),
  -- 'agent:<id>' or 'ombudsman:<id>', as case_events.actor
  author        text NOT NULL,
  text          text NOT NULL,
  redacted_text text NOT NULL,
  -- where it came from, e.g. 'slack:C0CS:1764000100.000001': a message retried by Slack is
  -- stored once
  source_ref    text UNIQUE,
  created_at    timestamptz NOT NULL
);
CREATE INDEX case_notes_case_idx ON case_notes (case_id, id);

-- What each card shows, as (case version, notes): a replica updates a card only when it moves
-- this forward (one chat.update per change, however many replicas and handlers see the change).
ALTER TABLE slack_cards ADD COLUMN shown_version integer NOT NULL DEFAULT 0;
ALTER TABLE slack_cards ADD COLUMN shown_notes integer NOT NULL DEFAULT 0;

-- Slack's events by event_id: Slack retries an event it thinks was not taken (x-slack-retry-num),
-- possibly to another replica; the claim makes one replica act on it once. A claim that was
-- never finished (the replica died) lapses after a lease and the retry is taken.
CREATE TABLE slack_events (
  event_id   text PRIMARY KEY,
  claimed_at timestamptz NOT NULL,
  done_at    timestamptz
);

-- Consumer messages mirrored into their case card's thread: claimed before posting, so every
-- replica may scan but each message is posted once.
CREATE TABLE slack_mirrored_messages (
  message_id bigint PRIMARY KEY REFERENCES messages (id),
  case_id    bigint NOT NULL REFERENCES cases (id),
  channel_id text NOT NULL,
  thread_ts  text NOT NULL,
  claimed_at timestamptz NOT NULL,
  -- NULL while the claimant is posting
  posted_ts  text
);
