-- Verifications of frozen reports, run in the background: one row per run, its progress
-- (step, event position reached, heartbeat) while it runs, its result once finished. At most
-- one run per report at a time, whatever the number of web processes: the partial unique
-- index is the lock. A run whose heartbeat stopped (its process died) is closed as
-- interrupted by the next request.
CREATE TABLE verifications (
    id uuid PRIMARY KEY,
    rapport_id uuid NOT NULL REFERENCES rapports,
    demandee_par text NOT NULL,
    debut timestamptz NOT NULL,
    battement timestamptz NOT NULL,
    fin timestamptz,
    etape integer NOT NULL DEFAULT 0,
    etapes integer NOT NULL DEFAULT 1,
    position_atteinte bigint NOT NULL DEFAULT 0,
    position_cible bigint NOT NULL,
    referentiel text,
    identique boolean,
    empreinte_recalculee text,
    differences jsonb NOT NULL DEFAULT '[]',
    erreur text
);
CREATE UNIQUE INDEX verifications_une_a_la_fois ON verifications (rapport_id) WHERE fin IS NULL;
CREATE INDEX verifications_rapport_idx ON verifications (rapport_id, debut DESC);
