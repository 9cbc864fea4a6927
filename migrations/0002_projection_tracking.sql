-- One row per projector: the last event notification id it applied. Rows and position are
-- written in the same transaction, which is what makes projection exactly once.
CREATE TABLE projection_tracking (
    name text PRIMARY KEY,
    position bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
