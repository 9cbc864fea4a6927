-- Cubes by day (issue 13): a custom period was read month by month, so « 1–15 November »
-- silently returned the whole of November. `cube_activites` now holds one row per day and
-- `cube_personnes` gains a 'jour' grain; a report folds the fewest cells that cover its
-- period exactly (domain.evaluation.periodes.cellules_de). Each person's first day (not
-- month) is kept for « nouveaux ».
ALTER TABLE cube_activites RENAME COLUMN mois TO jour;
ALTER TABLE cube_premiers_mois RENAME COLUMN mois TO jour;

-- (PostgreSQL cannot rename a parameter in place: `p_mois` is now any day.)
CREATE OR REPLACE FUNCTION periode_contient(p_grain text, p_debut date, p_mois date)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT p_mois >= p_debut AND p_mois < p_debut + CASE p_grain
        WHEN 'jour' THEN interval '1 day'
        WHEN 'mois' THEN interval '1 month'
        WHEN 'trimestre' THEN interval '3 months'
        ELSE interval '1 year' END
$$;

-- The stored rows are by month: rebuild the evaluation read model from the event log (the
-- projector starts again from position 0 when its position is reset).
TRUNCATE cube_activites, cube_personnes, cube_personnes_minutes, cube_personnes_profils,
    cube_premiers_mois, evaluation_activites, evaluation_lieux, evaluation_profils;
UPDATE projection_tracking SET position = 0, updated_at = now() WHERE name = 'evaluation';
