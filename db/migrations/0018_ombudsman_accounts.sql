-- Named ombudsman accounts (issue 18, item 6): each ombudsman signs in with a token of their own,
-- kept only as its SHA-256 like a merchant's API key (db/merchants.ts). The id is the token's
-- public part ('omb_' + 8 letters or digits) and is who the ombudsman is in the case history
-- ('ombudsman:<id>'). slack_user_id links the account to the Slack user the same person works
-- as in a lower tier, so the desk can refuse them a case they already acted on.
CREATE TABLE ombudsman_accounts (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  slack_user_id text,
  token_sha256  text NOT NULL,
  created_at    timestamptz NOT NULL,
  revoked_at    timestamptz
);

-- Who opened which dossier and who decided (or was refused), with when: an ombudsman id is an
-- account's id, or OMBUDSMAN_ID for the holder of the legacy OMBUDSMAN_TOKEN.
CREATE TABLE ombudsman_access (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases (id),
  ombudsman_id text NOT NULL,
  action       text NOT NULL CHECK (action IN ('viewed', 'decided', 'refused')),
  at           timestamptz NOT NULL
);
CREATE INDEX ombudsman_access_case_idx ON ombudsman_access (case_id, id);
