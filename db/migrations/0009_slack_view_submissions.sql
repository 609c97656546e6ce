-- A desk modal's submission is applied once (issue 14). Slack names every opened modal (the
-- view's id) and each version of it (its hash, new with every update of the view); a replayed
-- or doubly delivered submission carries the same pair, and may reach another replica. The
-- claim is taken before the submission is worked: one that changed nothing because the modal
-- showed an error is deleted again (the agent corrects the field and submits the same view),
-- one that closed the modal is kept as applied; one never finished (its replica died before
-- answering Slack) lapses after a lease, as Slack has shown that submission as failed by then.
CREATE TABLE slack_view_submissions (
  view_id    text NOT NULL,
  view_hash  text NOT NULL,
  claimed_at timestamptz NOT NULL,
  applied_at timestamptz,
  PRIMARY KEY (view_id, view_hash)
);
-- Old submissions are forgotten: a replay older than Slack's five-minute signature window is
-- refused before it gets here.
CREATE INDEX slack_view_submissions_claimed_idx ON slack_view_submissions (claimed_at);
