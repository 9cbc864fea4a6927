-- A mediator's own tags on an activity (La Coop's « Tags » column), normalised by
-- domain/activites/tags.py. Older activities have none.
ALTER TABLE activites ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
