-- M4.12's numerator (followed people accompanied within the 12 months that end on a day) for
-- any territory and any end day, from a few rows: each followed person of a territory covers
-- the end days whose 12-month window holds one of their days of accompaniment, a union of
-- intervals; `variation` holds +1 where such an interval starts and -1 the day after it ends,
-- so the count for the window ending on day E is the sum of `variation` over `jour` <= E.
-- The rows touched by a batch are recomputed from the person's days (partial index below).
CREATE TABLE cube_douze_mois (
    niveau text NOT NULL,
    code text NOT NULL,
    jour date NOT NULL,
    variation integer NOT NULL,
    PRIMARY KEY (niveau, code, jour)
);

-- A person's days of accompaniment in a territory, in order (the neighbours of a changed day).
CREATE INDEX cube_personnes_jours_idx ON cube_personnes (niveau, code, beneficiaire_id, debut)
    WHERE grain = 'jour';

-- A custom range's people, read from their day rows alone in one range scan that never visits
-- the table (projections/evaluation_periode_libre.py, the drill-down by place).
CREATE INDEX cube_personnes_jours_lus_idx ON cube_personnes (niveau, code, debut)
    INCLUDE (beneficiaire_id, accompagnements, minutes_personnes) WHERE grain = 'jour';

-- The stored days have no such rows yet: rebuild the evaluation read model from the event log.
TRUNCATE cube_activites, cube_personnes, cube_personnes_minutes, cube_personnes_profils,
    cube_premiers_mois, evaluation_activites, evaluation_lieux, evaluation_profils;
UPDATE projection_tracking SET position = 0, updated_at = now() WHERE name = 'evaluation';
