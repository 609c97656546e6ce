-- The complaints register (issue 18): complaints that reach the company outside the chat (a
-- letter, an e-mail, a phone call, or through an authority such as Konsumentverket, IMY or
-- Finansinspektionen), each registered once by an agent, with when it came, when it must be
-- answered and how it was. A complaint may concern a case (then it counts with the case's other
-- complaint signals, once per case and period) or stand alone (then it counts by itself).
CREATE TABLE complaints (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id       bigint REFERENCES cases (id),
  channel       text NOT NULL CHECK (channel IN ('chat', 'email', 'letter', 'phone', 'authority')),
  -- the authority it came through (channel 'authority' only), by the register's own key
  authority     text CHECK ((channel = 'authority') = (authority IS NOT NULL)),
  market        text NOT NULL CHECK (market ~ '^[A-Z]{2}$'),
  -- what it is about, as the report groups complaints: the case's intent, or the agent's choice
  intent        text NOT NULL,
  summary       text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
  received_at   timestamptz NOT NULL,
  answer_due_at timestamptz NOT NULL CHECK (answer_due_at > received_at),
  answered_at   timestamptz,
  -- when the answer date passed unanswered and the timer sweep raised the case (db/sweeper.ts)
  overdue_at    timestamptz,
  outcome       text CHECK ((answered_at IS NULL) = (outcome IS NULL)),
  registered_by text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX complaints_received_idx ON complaints (received_at);
CREATE INDEX complaints_open_due_idx ON complaints (answer_due_at) WHERE answered_at IS NULL AND overdue_at IS NULL;
CREATE INDEX complaints_case_idx ON complaints (case_id) WHERE case_id IS NOT NULL;
