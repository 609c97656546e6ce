-- An agent's message in a card's thread is written down with its event's claim before Slack is
-- told the event arrived (issue 14): Slack does not send an acknowledged event again, so a
-- replica that dies after the acknowledgement and before storing the reply would lose it. The
-- claim keeps what the desk needs to work the message (channel, ts, thread, author, text) until it
-- is done; any replica takes up a claim whose worker did not finish within the lease.
ALTER TABLE slack_events ADD COLUMN thread_message jsonb;
-- How many times the message was taken up: after a few failures the agent is told to send it again.
ALTER TABLE slack_events ADD COLUMN attempts integer NOT NULL DEFAULT 1;
-- The recovery scan reads only unfinished thread messages: a handful at most, however many done.
CREATE INDEX slack_events_unfinished_idx ON slack_events (claimed_at) WHERE done_at IS NULL AND thread_message IS NOT NULL;
