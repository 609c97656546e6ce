-- Purchases as records, and one open dispute per purchase (issue 16).
--
-- `purchases` is the purchase directory's table source (the embedded default and demos), filled
-- by `npm run purchases -- import FILE.jsonl`; with PURCHASES_URL set the payments core answers
-- instead and this table stays empty. `consumer_id` is the consumer as the company's systems know
-- them: an identity token's subject (consumers.subject), not the chat's consumer id.
CREATE TABLE purchases (
  id             text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._:-]{1,100}$'),
  consumer_id    text NOT NULL CHECK (length(consumer_id) BETWEEN 1 AND 255),
  merchant_name  text NOT NULL CHECK (length(merchant_name) BETWEEN 1 AND 200),
  amount_minor   bigint NOT NULL CHECK (amount_minor >= 0),
  currency       text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  purchase_date  date NOT NULL,
  order_number   text,
  invoice_id     text,
  invoice_state  text NOT NULL CHECK (invoice_state IN ('open', 'overdue', 'paid', 'paused', 'charged_back', 'cancelled')),
  due_date       date,
  imported_at    timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
-- "this consumer's recent purchases, newest first": the only question the bot asks of it
CREATE INDEX purchases_consumer_idx ON purchases (consumer_id, purchase_date DESC, id);

-- What makes two disputes one purchase's. No foreign key to purchases: with the payments core as
-- the source the purchase is not in this database.
ALTER TABLE disputes
  -- the purchase the consumer picked from the directory; NULL for facts they typed
  ADD COLUMN purchase_id  text,
  -- the case's consumer, here so that one index can hold the rule below
  ADD COLUMN consumer_id  text,
  -- the shop and the order number as match keys (routing/purchases.ts: merchantKey, orderKey)
  ADD COLUMN merchant_key text,
  ADD COLUMN order_key    text;

-- At most one open dispute per purchase. A unique index, not a check in code: two reports of one
-- purchase at the same moment (two tabs, two replicas) cannot both pass it. A closed dispute no
-- longer counts, so a later matter about the same purchase may open a new one.
CREATE UNIQUE INDEX disputes_one_open_per_purchase ON disputes (purchase_id)
  WHERE closed_at IS NULL AND purchase_id IS NOT NULL;

-- The same for facts typed without a purchase (an anonymous consumer, "none of these"): one
-- consumer, one shop, one amount and one order number (or none) are one purchase. Only where the
-- shop and the amount are known; a dispute with neither has nothing to compare.
CREATE UNIQUE INDEX disputes_one_open_per_typed_purchase
  ON disputes (consumer_id, merchant_key, amount_minor, coalesce(currency, ''), coalesce(order_key, ''))
  WHERE closed_at IS NULL AND purchase_id IS NULL AND merchant_key IS NOT NULL AND amount_minor IS NOT NULL;

-- Disputes opened before this migration keep NULL keys: their merchant keys are written by code,
-- and a backfill could find two open disputes of one purchase already there and fail the
-- migration. They stay outside the rule; every dispute opened from now on is held to it (the keys
-- are written when a dispute row is first written, db/write-decision.ts).
