-- The fee ledger (issue 17): what a merchant is charged for its disputes, one row per charge, in
-- whole minor units of an ISO 4217 currency (never a float). docs/merchants.md ("Fees") says how
-- each figure is computed.
--
-- kind 'dispute_fee': the standard fee, written in the transaction of the decision that escalates
--   a dispute unresolved at its window's end (db/write-decision.ts), its amount from the policy of
--   the dispute's market (routing/fees.ts);
-- kind 'surcharge': written at the month's end (npm run report -- merchant-fees) on each dispute
--   escalated in the month of a merchant whose dispute rate that month was over the threshold.
--
-- One escalation is charged each kind at most once: the unique key below makes a second write of
-- the same charge (a re-run of the month, two operators at once) add nothing. The row's id is the
-- id of the `fee.charged` event that tells the merchant, so the merchant can match the two.
CREATE TABLE merchant_fees (
  id            uuid PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('dispute_fee', 'surcharge')),
  case_id       bigint NOT NULL REFERENCES cases (id),
  -- the dispute's merchant when charged; NULL while the dispute is linked to no merchant (a later
  -- link moves the charge under it at the next month's run)
  merchant_id   bigint REFERENCES merchants (id),
  -- the escalation charged: a dispute resumed and escalated again is a new escalation
  escalated_at  timestamptz NOT NULL,
  -- the month (UTC) the charge belongs to: the escalation's month
  month         text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  market        text NOT NULL CHECK (market ~ '^[A-Z]{2}$|^default$'),
  amount_minor  bigint NOT NULL CHECK (amount_minor >= 0),
  currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- how the amount came about (the surcharge: the rate, its counts, the cap), for the statement
  details       jsonb NOT NULL DEFAULT '{}'::jsonb,
  charged_at    timestamptz NOT NULL,
  UNIQUE (kind, case_id, escalated_at)
);
-- "a merchant's charges of a month": the statement and the surcharge run
CREATE INDEX merchant_fees_month_idx ON merchant_fees (month, merchant_id);
