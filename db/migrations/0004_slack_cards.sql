-- The agent desk in Slack: one card per case and tier, however many replicas run. A replica
-- claims the row before it posts, so only one posts; afterwards the card is updated in place.
CREATE TABLE slack_cards (
  case_id     bigint NOT NULL REFERENCES cases (id),
  tier        text NOT NULL CHECK (tier IN ('customer_service', 'investigation', 'specialist', 'ombudsman')),
  channel_id  text NOT NULL,
  -- NULL while the replica that claimed the row is posting the card
  message_ts  text,
  claimed_at  timestamptz NOT NULL,
  posted_at   timestamptz,
  PRIMARY KEY (case_id, tier)
);
-- An agent's message in a card's thread is matched to its case by the card's ts.
CREATE INDEX slack_cards_thread_idx ON slack_cards (channel_id, message_ts);
