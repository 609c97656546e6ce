-- The ombudsman's process feedback reaches the team it concerns (issue 18): each note is posted to
-- the Slack channel of its tier, into the case's card thread there (bot/slack/feedback-poster.ts).
-- Once: a replica claims a note for a short lease before posting and marks it posted after, so a
-- replica that dies mid-post leaves it to another; only a note posted but not yet marked when its
-- poster died can be posted twice.
ALTER TABLE process_feedback ADD COLUMN posted_at timestamptz;
ALTER TABLE process_feedback ADD COLUMN post_claimed_until timestamptz;
-- Notes written before this migration were read where they were kept (the dossier, the reports):
-- they are not posted now, weeks late.
UPDATE process_feedback SET posted_at = created_at;
CREATE INDEX process_feedback_unposted_idx ON process_feedback (id) WHERE posted_at IS NULL;
