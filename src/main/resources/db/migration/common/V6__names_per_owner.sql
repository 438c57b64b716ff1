-- A job's name is unique among its owner's jobs, not across owners. job_name stays the service's own key for the job,
-- unique across owners (its SkyPilot cluster, task and run directory are named after it); display_name is the name
-- its owner gave it. Jobs stored before this keep their name as both.
ALTER TABLE jobs ADD COLUMN display_name TEXT;
UPDATE jobs SET display_name = job_name;
CREATE UNIQUE INDEX jobs_owner_display_name ON jobs (owner, display_name);
CREATE INDEX jobs_display_name ON jobs (display_name);
