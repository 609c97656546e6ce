-- Timers are rows (docs/architecture.md): a merchant's 21-day window, a consumer's deadline to send
-- information, a service-level target. Any number of replicas sweep them at once with
-- FOR UPDATE SKIP LOCKED; firing a timer and applying what it causes are one transaction, so a
-- crash mid-sweep rolls both back (nothing lost) and a fired timer is never picked again
-- (nothing fired twice).
CREATE TABLE case_timers (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases (id),
  kind         text NOT NULL,
  due_at       timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  fired_at     timestamptz,
  cancelled_at timestamptz,
  CONSTRAINT fired_or_cancelled CHECK (fired_at IS NULL OR cancelled_at IS NULL)
);
-- At most one pending timer of a kind per case: setting it again moves it.
CREATE UNIQUE INDEX case_timers_pending_uq ON case_timers (case_id, kind)
  WHERE fired_at IS NULL AND cancelled_at IS NULL;
-- The sweeper's scan: only pending timers, by due time.
CREATE INDEX case_timers_due_idx ON case_timers (due_at)
  WHERE fired_at IS NULL AND cancelled_at IS NULL;

-- An agent's open cases are counted at every pickup (the per-agent limit).
CREATE INDEX cases_assignee_open_idx ON cases (assignee) WHERE status <> 'resolved';
