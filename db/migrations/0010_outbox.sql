-- Events that leave the building (issue 16): the payments core learns of every invoice a case
-- pauses, reactivates or charges back. Each row is written in the transaction of the decision
-- that caused it (db/write-decision.ts), so an event exists exactly when its decision does;
-- every replica's worker (bot/outbox/) delivers it at least once, and the receiver uses `id` to
-- take it once.
CREATE TABLE outbox (
  -- the event's id: the receiver's idempotency key, the same on every try
  id              uuid PRIMARY KEY,
  -- the order events were written in; a case's events go out in this order
  seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- who receives it: 'core' (the payments core, CORE_WEBHOOK_URL); merchants' webhooks will be
  -- 'merchant:<id>', each with its own URL and secret
  destination     text NOT NULL CHECK (destination ~ '^[a-z]+(:[A-Za-z0-9_-]+)?$'),
  type            text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  case_id         bigint REFERENCES cases (id),
  data            jsonb NOT NULL,
  created_at      timestamptz NOT NULL,
  -- tries so far; a claim counts as one, so a replica that died mid-try used one up
  attempts        integer NOT NULL DEFAULT 0,
  -- when the next try may start: a claim moves it a lease ahead (the claimant's time to answer),
  -- a failed try moves it by the backoff
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  -- the last failure, as an operator reads it (status and the start of the answer, masked)
  last_error      text,
  delivered_at    timestamptz,
  -- given up after a permanent refusal (a 4xx other than 408/429): kept, shown, tried again only
  -- when an operator asks (npm run cases -- outbox retry ID)
  stopped_at      timestamptz,
  CONSTRAINT delivered_or_stopped CHECK (delivered_at IS NULL OR stopped_at IS NULL)
);
-- The worker's scan: due events in order of writing. Partial, so the delivered years cost it nothing.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, seq) WHERE delivered_at IS NULL AND stopped_at IS NULL;
-- "Is an earlier event of this case still undelivered?", asked of every candidate.
CREATE INDEX outbox_case_order_idx ON outbox (case_id, destination, seq) WHERE delivered_at IS NULL;
