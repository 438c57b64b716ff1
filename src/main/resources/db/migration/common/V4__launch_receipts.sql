-- Answers to launches made under an Idempotency-Key, replayed to retries for 24 h (per owner and key).
CREATE TABLE launch_receipts (
    owner           TEXT   NOT NULL,
    idempotency_key TEXT   NOT NULL,
    request_hash    TEXT   NOT NULL,
    job_name        TEXT   NOT NULL,
    response_json   TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (owner, idempotency_key)
);
CREATE INDEX launch_receipts_created ON launch_receipts (created_at);
