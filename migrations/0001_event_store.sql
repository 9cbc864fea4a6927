-- The event store. Its shape is eventsourcing's own PostgreSQL table (CREATE_TABLE=n: we own
-- the DDL), plus what the library does not give: an append-only guard and a NOTIFY trigger.
CREATE TABLE mednum_events (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigserial,
    PRIMARY KEY (originator_id, originator_version)
) WITH (
    autovacuum_enabled = true,
    autovacuum_vacuum_threshold = 100000000,
    autovacuum_vacuum_scale_factor = 0.5,
    autovacuum_analyze_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01
);
CREATE UNIQUE INDEX mednum_events_notification_id_idx ON mednum_events (notification_id ASC);
-- eventsourcing passes a batch of events to its INSERT as an array of this type.
CREATE TYPE stored_event_uuid AS (
    originator_id uuid,
    originator_version bigint,
    topic text,
    state bytea
);

CREATE FUNCTION mednum_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Le journal des événements est en ajout seul (% refusé).', TG_OP;
END $$;
CREATE TRIGGER mednum_events_append_only BEFORE UPDATE OR DELETE ON mednum_events
    FOR EACH ROW EXECUTE FUNCTION mednum_refuse_rewrite();
CREATE TRIGGER mednum_events_no_truncate BEFORE TRUNCATE ON mednum_events
    FOR EACH STATEMENT EXECUTE FUNCTION mednum_refuse_rewrite();

-- Projectors LISTEN on this channel; one notification per inserting statement is enough
-- since they read everything after their position anyway.
CREATE FUNCTION mednum_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('mednum_events', '');
    RETURN NULL;
END $$;
CREATE TRIGGER mednum_events_notify AFTER INSERT ON mednum_events
    FOR EACH STATEMENT EXECUTE FUNCTION mednum_notify_events();

-- Idempotency receipts, written in the same transaction as the command's events.
CREATE TABLE command_receipts (
    command_id uuid PRIMARY KEY,
    command_type text NOT NULL,
    payload_hash bytea NOT NULL,
    aggregate_id uuid NOT NULL,
    version bigint NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
