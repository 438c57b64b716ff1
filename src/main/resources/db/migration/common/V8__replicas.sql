-- A local job runs as a process on the replica that took its launch: replica names that replica (null for jobs on
-- other backends, and for local jobs stored before this). On PostgreSQL every replica also records when it was last
-- seen (epoch milliseconds), so that the leader can tell a local job whose replica is gone from one that still runs.
-- SQLite has a single replica and leaves the table empty.
ALTER TABLE jobs ADD COLUMN replica TEXT;
CREATE TABLE replicas (
    replica_id TEXT   NOT NULL PRIMARY KEY,
    started_at BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL
);
CREATE INDEX replicas_seen ON replicas (seen_at);
