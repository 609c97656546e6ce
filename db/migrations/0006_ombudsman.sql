-- The customer ombudsman (issue 7). `ombudsman_requests` exists since 0001 (one per case, the
-- consumer's written account); this adds what the ombudsman's decision carries, the process
-- feedback it sends to the tier concerned, and the one-time codes that prove a consumer owns a
-- case when they write from a device without their chat session.

-- What the decision changed, beside the decision and reasoning 0001 already has.
ALTER TABLE ombudsman_requests ADD COLUMN previous_outcome text;
ALTER TABLE ombudsman_requests ADD COLUMN new_outcome text;
-- reports count requests and decisions per month
CREATE INDEX ombudsman_requests_created_idx ON ombudsman_requests (created_at);
CREATE INDEX ombudsman_requests_decided_idx ON ombudsman_requests (decided_at) WHERE decided_at IS NOT NULL;

-- Lessons for the teams (docs/domain.md: the ombudsman "passes lessons on routines and processes to
-- the teams concerned"). The same text is in case_events ('process_feedback'); this table is
-- what a team reads: its own notes, newest first, without walking every case's history.
CREATE TABLE process_feedback (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id    bigint NOT NULL REFERENCES cases (id),
  tier       text NOT NULL CHECK (tier IN ('customer_service', 'investigation', 'specialist')),
  decision   text NOT NULL CHECK (decision IN ('upheld', 'overturned')),
  note       text NOT NULL CHECK (length(note) > 0),
  author     text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX process_feedback_tier_idx ON process_feedback (tier, created_at DESC);

-- The contact e-mail on a case: where a one-time code for the ombudsman form is sent. Kept apart
-- from the case's jsonb so that routing never sees personal data it has no use for.
CREATE TABLE case_contacts (
  case_id bigint PRIMARY KEY REFERENCES cases (id),
  email   text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
  set_at  timestamptz NOT NULL DEFAULT now()
);

-- One-time codes. Only a hash is stored (the code itself goes out by e-mail alone); a code is
-- short-lived, used once, and dies after a few wrong tries.
CREATE TABLE ombudsman_codes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id    bigint NOT NULL REFERENCES cases (id),
  code_hash  text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts   smallint NOT NULL DEFAULT 0,
  used_at    timestamptz
);
CREATE INDEX ombudsman_codes_case_idx ON ombudsman_codes (case_id, created_at DESC);
