-- What the dialog remembers of a conversation between two messages (bot/dialog/state.ts), so
-- that any replica can take the next message.
ALTER TABLE conversations ADD COLUMN dialog_state jsonb NOT NULL DEFAULT '{}';

-- The consumer's rating after a resolution (asked once), for the monthly reports.
CREATE TABLE case_ratings (
  case_id  bigint PRIMARY KEY REFERENCES cases (id),
  rating   smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment  text,
  rated_at timestamptz NOT NULL DEFAULT now()
);

-- Crash recovery: a replica claims an unanswered message for a while before answering it, so two
-- replicas never answer one message; a claim whose replica died expires and is taken again.
ALTER TABLE messages ADD COLUMN recovery_claimed_until timestamptz;
