-- Drill-down by place and by structure (issue 13, item 7): an activity held at a registry
-- place now also counts in the cubes under niveau 'lieu', code = the place's id (its 'total',
-- 'type' and 'anonymes' lines, and its followed people at every grain), so that a report
-- reads each place's accompaniments, distinct people, sessions and workshops from a few rows,
-- and a structure's from the rows of its places. A place's lines are also summed by month
-- under niveau 'lieu_mois' (`jour` = the month's first day), so that a year of a région's
-- places reads 12 rows per place and line rather than 365. No column changes: a place is one
-- more territory level of the same tables.

-- The stored rows have no place level: rebuild the evaluation read model from the event log
-- (the projector starts again from position 0 when its position is reset).
TRUNCATE cube_activites, cube_personnes, cube_personnes_minutes, cube_personnes_profils,
    cube_premiers_mois, evaluation_activites, evaluation_lieux, evaluation_profils;
UPDATE projection_tracking SET position = 0, updated_at = now() WHERE name = 'evaluation';
