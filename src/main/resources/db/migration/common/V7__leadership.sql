-- Leases on once-per-cluster duties (the reconciler and what hangs off it). holder is the replica holding the lease
-- until expires_at (epoch milliseconds); fence grows by one each time the lease changes hands, so a term can be told
-- from the next even when the same replica holds both. The row exists from the start, so that taking the lease is
-- always a single conditional UPDATE.
CREATE TABLE leadership (
    name       TEXT   NOT NULL PRIMARY KEY,
    holder     TEXT,
    fence      BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
INSERT INTO leadership (name, holder, fence, expires_at) VALUES ('cluster', NULL, 0, 0);
