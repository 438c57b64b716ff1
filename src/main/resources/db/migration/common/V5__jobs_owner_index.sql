-- A user's job list (and its total) filters on the owner and pages by id: without this index both scan every job.
CREATE INDEX jobs_owner_id ON jobs (owner, id);
