-- What SkyPilot still has to be rid of, so that whichever replica leads next finishes it, also after a restart:
-- clusters to see gone (kind 'down') and managed jobs a failed launch may have left running (kind 'cancel'), by name.
-- attempts counts the `sky down` / `sky jobs cancel` calls made; acted_at (epoch milliseconds) is when the last one
-- finished; watch_until (epoch milliseconds) is how long a managed job that has not appeared yet is still waited for.
CREATE TABLE sky_cleanups (
    kind        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    job_name    TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    acted_at    BIGINT,
    watch_until BIGINT,
    PRIMARY KEY (kind, name)
);
