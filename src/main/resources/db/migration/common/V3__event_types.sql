-- Events are of two types now: status transitions, and metrics snapshots (with their values in data, as JSON).
-- Both share the job's sequence, so one Last-Event-ID resumes a stream of either.
ALTER TABLE job_events ADD COLUMN event_type TEXT NOT NULL DEFAULT 'status';
ALTER TABLE job_events ADD COLUMN data TEXT;
CREATE INDEX job_events_job_seq ON job_events (job_id, seq);
