-- The public map at 20,000 places (issue 15, item 4): each place's marker, escaped once by
-- the lieux projection (projections/carte_marqueurs.py), so that a map joins stored
-- fragments instead of escaping 20,000 places' texts on every request. Nothing that depends
-- on the day (today's hours) is stored. Nullable: a table made LIKE lieux (the projector
-- benchmark's baseline) need not fill it; the projection always does.
--
-- The stored rows have no marker: rebuild the lieux read model from the event log (the
-- projector starts again from position 0 when its position is reset).
TRUNCATE lieux;
UPDATE projection_tracking SET position = 0, updated_at = now() WHERE name = 'lieux';
ALTER TABLE lieux ADD COLUMN marqueur text;

-- The map's list, by name, 50 at a time: read from an index rather than by sorting every
-- open place of the région on each first visit.
CREATE INDEX lieux_nom_idx ON lieux (nom, id) WHERE NOT ferme AND fusionne_dans IS NULL;
