-- Identified consumers: a consumer an app or website vouched for with an identity token its own
-- backend signed. Their consumer id (i_ and 22 url-safe characters) is derived from the token's
-- issuer and subject, so every device of one person opens sessions for the same id; this row keeps
-- the (issuer, subject) behind it, which is what the company's own systems (the payments core's
-- purchases) know the consumer by. Anonymous consumers (c_ ids, random per browser) have no row.
CREATE TABLE consumers (
  id            text PRIMARY KEY CHECK (id ~ '^i_[A-Za-z0-9_-]{22}$'),
  -- The token's `iss`, '' when it had none.
  issuer        text NOT NULL CHECK (length(issuer) <= 255),
  subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  UNIQUE (issuer, subject)
);
