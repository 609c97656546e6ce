-- The ladder's rules without holes (issue 16): every dispute carries its refund reason, and a
-- settlement from the merchant's side is a claim until the consumer confirms it (or does not
-- object within 7 days). The claim's columns say where it stands; its history is in case_events.
ALTER TABLE disputes
  -- why the consumer wants their money back; NULL while not told (and for an unrecognised purchase)
  ADD COLUMN refund_reason text
    CHECK (refund_reason IS NULL OR refund_reason IN ('returned', 'not_received', 'wrong_amount', 'faulty', 'refund_refused')),
  -- pending: waiting for the consumer; confirmed or unopposed (7 days of silence): the dispute
  -- closed as settled; objected: the dispute went on where it stood; lapsed: the dispute ended
  -- otherwise (a withdrawal) while the claim waited
  ADD COLUMN settlement_status text
    CHECK (settlement_status IS NULL OR settlement_status IN ('pending', 'confirmed', 'unopposed', 'objected', 'lapsed')),
  ADD COLUMN settlement_claimed_at timestamptz,
  -- what the merchant says it refunded, in minor units with its ISO 4217 currency
  ADD COLUMN settlement_amount_minor bigint CHECK (settlement_amount_minor IS NULL OR settlement_amount_minor >= 0),
  ADD COLUMN settlement_currency text CHECK (settlement_currency IS NULL OR settlement_currency ~ '^[A-Z]{3}$'),
  -- when silence counts as the consumer's confirmation
  ADD COLUMN settlement_confirm_by timestamptz,
  ADD CONSTRAINT settlement_claim_complete
    CHECK ((settlement_status IS NULL) = (settlement_claimed_at IS NULL) AND (settlement_status IS NULL) = (settlement_confirm_by IS NULL)),
  ADD CONSTRAINT settlement_amount_has_currency CHECK ((settlement_amount_minor IS NULL) = (settlement_currency IS NULL)),
  -- an amount without its currency is no amount; NOT VALID: rows written before this rule stay
  -- as they are, every new or changed row is held to it
  ADD CONSTRAINT amount_has_currency CHECK (amount_minor IS NULL OR currency IS NOT NULL) NOT VALID;

-- The monthly report counts disputes by refund reason.
CREATE INDEX disputes_opened_reason_idx ON disputes (opened_at, refund_reason);
