-- A pickup in two statements instead of a transaction's four round trips (BEGIN, lock, write,
-- COMMIT): the first claims the next queued case for the agent, routing decides in between, the
-- second writes the decision with the version the claim read and drops the claim.
-- A claim is a row here rather than columns on the case: claiming then writes a small row, not a
-- new version of the wide case row and of every index on it. UNLOGGED, because a claim is worth
-- nothing after a crash (its case is simply queued again) and skipping the WAL is cheaper.
-- A claimer that dies between the two statements leaves a claim that runs out at `until`; the case
-- is then picked by someone else, never lost, and the version check keeps a late writer from
-- picking it twice.
CREATE UNLOGGED TABLE case_claims (
  case_id bigint PRIMARY KEY,
  agent   text NOT NULL,
  until   timestamptz NOT NULL
);
CREATE INDEX case_claims_agent_idx ON case_claims (agent);

-- An agent's open cases (held, plus cases they are claiming right now), counted after taking a
-- per-agent lock that the claiming statement keeps until it commits: two clicks of one agent
-- cannot both pass the limit. A function because it must be VOLATILE: in READ COMMITTED each of
-- its queries takes a fresh snapshot, so it sees a claim committed while it waited for the lock
-- (a plain subquery would count with the statement's older snapshot). It counts no further than
-- the cap (the answer is only compared with it); with no cap (NULL) it neither locks nor counts.
CREATE FUNCTION ombud_lock_agent_open_cases(agent_id text, cap integer) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF cap IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('ombud:agent:' || agent_id));
  RETURN (SELECT count(*) FROM (SELECT 1 FROM cases WHERE assignee = agent_id AND status <> 'resolved' LIMIT cap) held)
       + (SELECT count(*) FROM case_claims WHERE agent = agent_id AND until > clock_timestamp());
END
$$;
