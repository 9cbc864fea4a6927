-- The aidants as they stood at any instant (issue 13, as-of semantics): validity intervals
-- of what M1.3 reads of an aidant (type, active or not, places, Aidants Connect
-- habilitation), as `lieux_intervalles` (0058) does for places. Filled by
-- projections/aidants_intervalles.py from the events alone.
CREATE TABLE aidants_intervalles (
    id uuid NOT NULL,
    version integer NOT NULL,
    valide_de timestamptz NOT NULL,
    valide_jusqua timestamptz,
    type_aidant text NOT NULL,
    desactive boolean NOT NULL,
    lieux uuid[] NOT NULL,
    habilite boolean NOT NULL,
    habilitation_expire_le date,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX aidants_intervalles_courant ON aidants_intervalles (id)
    WHERE valide_jusqua IS NULL;
CREATE INDEX aidants_intervalles_lieux ON aidants_intervalles USING gin (lieux);
