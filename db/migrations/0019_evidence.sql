-- Evidence from both sides of a case (issue 17, docs/evidence.md): the consumer's receipts,
-- tracking or photos, and the merchant's with its answer. PDF, PNG or JPEG (told from the content),
-- at most 10 MB each and 10 per case. `evidence` is the metadata; the bytes are behind a small
-- storage interface (db/evidence.ts), by default `evidence_content` in this database.
CREATE TABLE evidence (
  id           text PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases (id),
  -- who uploaded it: the case's consumer, or the merchant of its dispute
  uploaded_by  text NOT NULL CHECK (uploaded_by IN ('consumer', 'merchant')),
  merchant_id  bigint REFERENCES merchants (id),
  media_type   text NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  bytes        integer NOT NULL CHECK (bytes > 0 AND bytes <= 10485760),
  sha256       text NOT NULL,
  uploaded_at  timestamptz NOT NULL,
  CHECK ((uploaded_by = 'merchant') = (merchant_id IS NOT NULL))
);
CREATE INDEX evidence_by_case ON evidence (case_id, uploaded_at);

CREATE TABLE evidence_content (
  evidence_id  text PRIMARY KEY REFERENCES evidence (id) ON DELETE CASCADE,
  content      bytea NOT NULL
);
