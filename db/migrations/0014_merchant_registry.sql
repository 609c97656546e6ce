-- The merchant registry (issue 17). Until now a merchant row was written for every shop name a
-- consumer typed, so "Zalando", "zalando.se" and "Zalandolta" were three merchants. From here a
-- merchant is registered by an operator (npm run merchants -- add) with the names it goes by; a
-- dispute is linked to the merchant one of those names matches, and a typed name that matches
-- none stays on the dispute as written (disputes.merchant_name) with no merchant, for an agent to
-- link. docs/merchants.md describes the rules.

-- The rows written so far were typed names, not merchants: nobody registered them, and the name
-- each stood for is still on its disputes. They go, and their disputes become unlinked; a merchant
-- registered later under that name (or linked by an agent) takes them back.
UPDATE disputes SET merchant_id = NULL WHERE merchant_id IS NOT NULL;
DELETE FROM merchants;

ALTER TABLE merchants
  -- the names live in merchant_names now, each with its match key
  DROP COLUMN normalized_name,
  -- where a person at the merchant is told of disputes (issue 17, item 2), and in which language
  ADD COLUMN contact_email   text CHECK (contact_email IS NULL OR contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  ADD COLUMN language        text NOT NULL DEFAULT 'en' CHECK (language IN ('sv', 'no', 'da', 'fi', 'de', 'en')),
  -- where the merchant's signed webhooks go; the secret signs them (HMAC), so it is kept as it is
  ADD COLUMN webhook_url     text CHECK (webhook_url IS NULL OR webhook_url ~ '^https?://'),
  ADD COLUMN webhook_secret  text NOT NULL CHECK (length(webhook_secret) >= 32),
  ADD COLUMN updated_at      timestamptz NOT NULL DEFAULT now();

-- The keys a merchant is found by: a name as routing/ compares it (merchantKey, domainKey). One
-- key belongs to one merchant, so a name can never land on two; the primary key holds that rule
-- also for two operators registering at the same moment.
CREATE TABLE merchant_keys (
  key         text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
  merchant_id bigint NOT NULL REFERENCES merchants (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key, merchant_id)
);
CREATE INDEX merchant_keys_merchant_idx ON merchant_keys (merchant_id);

-- Every name a merchant goes by, as the operator or the agent wrote it: its display name, aliases,
-- web domains. Several names may share a key ("Zalando SE" and "zalando.se" are both "zalando");
-- the composite foreign key keeps a name's key its own merchant's.
CREATE TABLE merchant_names (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  merchant_id bigint NOT NULL REFERENCES merchants (id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind        text NOT NULL CHECK (kind IN ('name', 'alias', 'domain')),
  key         text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (merchant_id, kind, name),
  FOREIGN KEY (key, merchant_id) REFERENCES merchant_keys (key, merchant_id)
);

-- A merchant's API keys. The key itself is shown once and never stored: only its SHA-256 (a key
-- is 32 random bytes, so a plain hash is enough; a slow hash guards guessable passwords) and its
-- public prefix, by which a presented key finds its row before the hashes are compared.
CREATE TABLE merchant_api_keys (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  merchant_id bigint NOT NULL REFERENCES merchants (id),
  prefix      text NOT NULL UNIQUE CHECK (prefix ~ '^omk_[a-z0-9]{8}$'),
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX merchant_api_keys_merchant_idx ON merchant_api_keys (merchant_id) WHERE revoked_at IS NULL;

-- The disputes an agent has to link: partial, so linked disputes cost it nothing.
CREATE INDEX disputes_unlinked_idx ON disputes (opened_at, id) WHERE merchant_id IS NULL;
