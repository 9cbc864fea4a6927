-- The registry as it stood at any instant (issue 13, as-of semantics): one row per interval
-- of a place's history during which what the reports read of it (commune, open or not,
-- last verification) did not change. An interval is opened by the event that made the
-- state (`version`, at `valide_de`) and closed by the next one that changed it
-- (`valide_jusqua`, NULL while current). The state at instant T is the row with
-- valide_de < T <= coalesce(valide_jusqua, infinity): the fold of the events before T.
-- Filled by projections/lieux_intervalles.py, from the events alone (never from `lieux`).
CREATE TABLE lieux_intervalles (
    id uuid NOT NULL,
    version integer NOT NULL,
    valide_de timestamptz NOT NULL,
    valide_jusqua timestamptz,
    code_insee text NOT NULL,
    departement text,
    ferme boolean NOT NULL,
    fusionne_dans uuid,
    verifie_le timestamptz NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    PRIMARY KEY (id, version)
);
-- At most one current interval per place; also how a batch finds the state it folds onto.
CREATE UNIQUE INDEX lieux_intervalles_courant ON lieux_intervalles (id)
    WHERE valide_jusqua IS NULL;
CREATE INDEX lieux_intervalles_commune ON lieux_intervalles (code_insee, valide_de);
