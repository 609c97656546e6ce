-- Outcome notices (issue 18): every decision the consumer must hear of (a final statement, a
-- resolution, an escalation, an ombudsman decision) becomes one message in their conversation,
-- derived from the case's events. A message stored for an event carries `outcome:<event id>` as
-- its client_message_id, so a replica that works the same event again stores nothing.
--
-- The catch-up scan (db/outcome-notices.ts) asks every few seconds for such events of the last
-- days that have no message yet; without this index it would read the whole of case_events.
CREATE INDEX case_events_notice_idx ON case_events (at)
  WHERE type IN ('final_statement_issued', 'resolved', 'escalated', 'dispute_escalated', 'ombudsman_decided');
