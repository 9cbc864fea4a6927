-- Faster reports over custom periods and M4.12 (issue 13).
--
-- The evaluation read model is rebuilt from the event log (the projector starts again from
-- position 0 when its position is reset): emptied first, so that the indexes below are built
-- on empty tables.
TRUNCATE cube_activites, cube_personnes, cube_personnes_minutes, cube_personnes_profils,
    cube_premiers_mois, evaluation_activites, evaluation_lieux, evaluation_profils;
UPDATE projection_tracking SET position = 0, updated_at = now() WHERE name = 'evaluation';

-- M4.12's numerator (followed people accompanied within the 12 months that end on a day) for
-- any territory and any end day, from a few rows: each followed person of a territory covers
-- the end days whose 12-month window holds one of their days of accompaniment, a union of
-- intervals; `variation` holds +1 where such an interval starts and -1 the day after it ends,
-- so the count for the window ending on day E is the sum of `variation` over `jour` <= E
-- (projections/evaluation_douze_mois.py).
CREATE TABLE cube_douze_mois (
    niveau text NOT NULL,
    code text NOT NULL,
    jour date NOT NULL,
    variation integer NOT NULL,
    PRIMARY KEY (niveau, code, jour)
);

-- A person's days of accompaniment in a territory, in order (the neighbours of a changed day):
-- the index by person gains the rest of the key rather than a second index beside it.
DROP INDEX cube_personnes_personne_idx;
CREATE INDEX cube_personnes_personne_idx ON cube_personnes
    (beneficiaire_id, niveau, code, grain, debut);

-- A custom range's people, read from their day rows alone in one range scan that never visits
-- the table (projections/evaluation_periode_libre.py, the drill-down by place).
CREATE INDEX cube_personnes_jours_lus_idx ON cube_personnes (niveau, code, debut)
    INCLUDE (beneficiaire_id, accompagnements, minutes_personnes) WHERE grain = 'jour';
