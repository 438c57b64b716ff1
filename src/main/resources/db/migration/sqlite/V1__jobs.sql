-- Timestamps are epoch milliseconds so that SQLite and PostgreSQL store and compare them the same way.
CREATE TABLE jobs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    job_name           TEXT    NOT NULL UNIQUE,
    owner              TEXT    NOT NULL,
    backend            TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    cluster_name       TEXT,
    sky_status         TEXT,
    spec_json          TEXT    NOT NULL,
    task_yaml          TEXT    NOT NULL,
    created_at         BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL,
    started_at         BIGINT,
    ended_at           BIGINT,
    error_message      TEXT,
    training_metrics   TEXT,
    evaluation_metrics TEXT,
    gpu_metrics        TEXT,
    last_seq           BIGINT  NOT NULL,
    run_ref            TEXT
);
CREATE INDEX jobs_status_id ON jobs (status, id);
CREATE INDEX jobs_backend_status ON jobs (backend, status);

CREATE TABLE job_labels (
    job_id      INTEGER NOT NULL REFERENCES jobs (id),
    label_key   TEXT    NOT NULL,
    label_value TEXT    NOT NULL,
    PRIMARY KEY (job_id, label_key)
);
CREATE INDEX job_labels_kv ON job_labels (label_key, label_value, job_id);

CREATE TABLE job_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id      INTEGER NOT NULL REFERENCES jobs (id),
    seq         BIGINT  NOT NULL,
    from_status TEXT,
    to_status   TEXT    NOT NULL,
    at          BIGINT  NOT NULL,
    message     TEXT,
    UNIQUE (job_id, seq)
);
