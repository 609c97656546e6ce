-- Proposed migration (db/migrations/0004_slack_cards.sql): one Slack card per case and tier.
-- Used by test/slack/post-card.test.ts until the migration exists.
CREATE TABLE slack_cards (
  case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  tier        text NOT NULL CHECK (tier IN ('customer_service', 'investigation', 'specialist', 'ombudsman')),
  channel_id  text NOT NULL,
  -- Null while the replica that claimed the row is posting the card.
  message_ts  text,
  claimed_at  timestamptz NOT NULL,
  posted_at   timestamptz,
  PRIMARY KEY (case_id, tier)
);
-- An agent's message in a card's thread is matched to its case by the card's ts.
CREATE INDEX slack_cards_thread ON slack_cards (channel_id, message_ts);
