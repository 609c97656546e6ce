-- What the dialog remembers of a conversation between two messages (bot/dialog/state.ts), so
-- that any replica can take the next message.
ALTER TABLE conversations ADD COLUMN dialog_state jsonb NOT NULL DEFAULT '{}';

-- The consumer's rating after a resolution, for the monthly reports. The row is written when
-- the rating is asked for: its primary key makes "asked once" hold across replicas.
CREATE TABLE case_ratings (
  case_id      bigint PRIMARY KEY REFERENCES cases (id),
  requested_at timestamptz NOT NULL,
  rating       smallint CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
  comment      text,
  rated_at     timestamptz,
  CONSTRAINT rated_has_time CHECK (rating IS NULL OR rated_at IS NOT NULL)
);

-- Crash recovery: a replica claims an unanswered message for a while before answering it, so two
-- replicas never answer one message; a claim whose replica died expires and is taken again.
ALTER TABLE messages ADD COLUMN recovery_claimed_until timestamptz;

-- A bot message's quick replies, so a message delivered later (the relay, the history) still
-- has its buttons.
ALTER TABLE messages ADD COLUMN quick_replies jsonb;
