-- The events' notification now says which topics a statement inserted, so that a projector
-- wakes only for the events it reads (each write used to wake every projector).
CREATE OR REPLACE FUNCTION mednum_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('mednum_events', (SELECT string_agg(DISTINCT topic, ' ') FROM nouveaux));
    RETURN NULL;
END $$;
DROP TRIGGER mednum_events_notify ON mednum_events;
CREATE TRIGGER mednum_events_notify AFTER INSERT ON mednum_events
    REFERENCING NEW TABLE AS nouveaux
    FOR EACH STATEMENT EXECUTE FUNCTION mednum_notify_events();
