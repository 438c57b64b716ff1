-- Ids and metadata of minted service tokens; the tokens themselves are never stored.
CREATE TABLE service_tokens (
    id         TEXT   NOT NULL PRIMARY KEY,
    name       TEXT   NOT NULL,
    subject    TEXT   NOT NULL,
    roles      TEXT   NOT NULL,
    created_by TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX service_tokens_revoked ON service_tokens (revoked_at, expires_at);
