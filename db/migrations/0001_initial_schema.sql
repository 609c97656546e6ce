-- The first schema: conversations and their messages, cases with their append-only history,
-- disputes with merchants, and the ombudsman's written requests. docs/architecture.md sketches it;
-- this file is the truth. Written for PostgreSQL 15 (PGlite runs the same SQL).

CREATE TABLE merchants (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- lower-cased, trimmed name: "Zalando " and "zalando" are one merchant
  normalized_name text NOT NULL UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE conversations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consumer_id     text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('web', 'app', 'ombudsman')),
  language        text NOT NULL DEFAULT 'und' CHECK (language IN ('sv', 'no', 'da', 'fi', 'de', 'en', 'und')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_message_at timestamptz NOT NULL DEFAULT now()
);
-- "my conversations", newest first
CREATE INDEX conversations_consumer_idx ON conversations (consumer_id, last_message_at DESC);

CREATE TABLE cases (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref                   text NOT NULL UNIQUE,
  consumer_id           text NOT NULL,
  conversation_id       uuid REFERENCES conversations (id),
  intent                text NOT NULL,
  language              text NOT NULL DEFAULT 'und',
  tier                  text NOT NULL CHECK (tier IN ('customer_service', 'investigation', 'specialist', 'ombudsman')),
  status                text NOT NULL CHECK (status IN ('queued', 'assigned', 'awaiting_consumer', 'awaiting_merchant', 'resolved')),
  -- lower is sooner: the queue orders by priority, then by age
  priority              smallint NOT NULL DEFAULT 2,
  assignee              text,
  outcome               text,
  queued_at             timestamptz,
  first_response_due_at timestamptz,
  resolution_due_at     timestamptz,
  first_response_at     timestamptz,
  final_statement_at    timestamptz,
  resolved_at           timestamptz,
  -- the invoice as this case left it: reports and the merchant's dispute figures read it
  invoice_state         text NOT NULL DEFAULT 'active'
                        CHECK (invoice_state IN ('active', 'paused', 'reactivated', 'charged_back')),
  -- the whole case as routing/ sees it; the columns above are what queries filter and sort on
  state                 jsonb NOT NULL DEFAULT '{}',
  -- optimistic concurrency: every write says which version it read
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT resolved_has_outcome CHECK (status <> 'resolved' OR outcome IS NOT NULL),
  CONSTRAINT assigned_has_assignee CHECK (status <> 'assigned' OR assignee IS NOT NULL)
);
-- The queue: WHERE tier = $1 AND status = 'queued' ORDER BY priority, queued_at, id. The index
-- holds the whole sort key (id too), so a pickup reads the first unlocked row instead of sorting
-- the tier (6 ms at 4,500 queued cases without id); partial, so resolved cases cost it nothing.
CREATE INDEX cases_queue_idx ON cases (tier, priority, queued_at, id) WHERE status = 'queued';
CREATE INDEX cases_consumer_idx ON cases (consumer_id, created_at DESC);

CREATE TABLE messages (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id   uuid NOT NULL REFERENCES conversations (id),
  case_id           bigint REFERENCES cases (id),
  direction         text NOT NULL CHECK (direction IN ('in', 'out')),
  -- who wrote it: 'consumer', 'bot', or 'agent:<id>'
  author            text NOT NULL,
  -- the original, as written: only the database keeps it
  text              text NOT NULL,
  -- personal data masked: the copy that may leave the database (Slack, logs, LLM)
  redacted_text     text NOT NULL,
  intent            text,
  confidence        real CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
  language          text,
  -- set by clients that retry, so that a retried message is stored once
  client_message_id text,
  -- inbound messages: when the bot answered or handed off; NULL after a crash means "still to do"
  handled_at        timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, client_message_id)
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, id);
CREATE INDEX messages_case_idx ON messages (case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX messages_unhandled_idx ON messages (created_at) WHERE direction = 'in' AND handled_at IS NULL;

CREATE TABLE case_events (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id),
  type    text NOT NULL,
  -- who did it: 'bot', 'consumer', 'agent:<id>', 'merchant', 'system', 'ombudsman:<id>'
  actor   text NOT NULL,
  reason  text,
  data    jsonb NOT NULL DEFAULT '{}',
  at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

-- The history is evidence (the ombudsman's dossier and every report are built from it), so the
-- database itself refuses to change or remove it, whoever asks.
CREATE FUNCTION refuse_case_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER case_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION refuse_case_event_change();
CREATE TRIGGER case_events_no_truncate
  BEFORE TRUNCATE ON case_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_case_event_change();

CREATE TABLE disputes (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id              bigint NOT NULL UNIQUE REFERENCES cases (id),
  -- an unrecognised purchase goes to investigation at once; only a disagreement has a window
  kind                 text NOT NULL CHECK (kind IN ('merchant_disagreement', 'unrecognized_purchase')),
  merchant_id          bigint REFERENCES merchants (id),
  -- as the consumer wrote it, also when no merchant row matches yet
  merchant_name        text,
  amount_minor         bigint CHECK (amount_minor IS NULL OR amount_minor >= 0),
  currency             text CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
  window_ends_at       timestamptz,
  merchant_answer      text CHECK (merchant_answer IS NULL OR merchant_answer IN ('settled', 'responded')),
  merchant_answered_at timestamptz,
  escalated_at         timestamptz,
  dispute_fee_charged  boolean NOT NULL DEFAULT false,
  decision             text CHECK (decision IS NULL OR decision IN ('merchant_favour', 'consumer_favour')),
  decision_reasoning   text,
  opened_at            timestamptz NOT NULL DEFAULT now(),
  closed_at            timestamptz
);
-- dispute rate per merchant over a rolling window
CREATE INDEX disputes_merchant_idx ON disputes (merchant_id, opened_at);

CREATE TABLE ombudsman_requests (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- one written request per case: a second one is refused
  case_id         bigint NOT NULL UNIQUE REFERENCES cases (id),
  consumer_id     text NOT NULL,
  statement       text NOT NULL CHECK (length(statement) > 0),
  desired_outcome text NOT NULL CHECK (length(desired_outcome) > 0),
  language        text NOT NULL DEFAULT 'und',
  proof           text NOT NULL CHECK (proof IN ('session', 'one_time_code')),
  decision        text CHECK (decision IS NULL OR decision IN ('upheld', 'overturned')),
  reasoning       text,
  decided_by      text,
  decided_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT decision_has_reasoning CHECK (decision IS NULL OR (reasoning IS NOT NULL AND decided_at IS NOT NULL))
);
