-- Read models of the trainings (issue 3, mission 3), fed by projections/formations.py.
CREATE TABLE formation_parcours (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    titre text NOT NULL,
    duree_heures double precision NOT NULL,
    modules jsonb NOT NULL DEFAULT '[]',
    types_aidant text[] NOT NULL,
    qualification_delivree text,
    description text,
    archive boolean NOT NULL DEFAULT false,
    cree_le timestamptz NOT NULL,
    cree_par text NOT NULL,
    modifie_le timestamptz NOT NULL,
    modifie_par text NOT NULL
);

-- `inscrits`, `en_attente` and `terminees` count the session's enrolments, kept by the
-- projector at the end of each batch.
CREATE TABLE formation_sessions (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    parcours_id uuid NOT NULL,
    debut date NOT NULL,
    fin date NOT NULL,
    creneaux jsonb NOT NULL,
    mode text NOT NULL,
    lieu_id uuid,
    modalites_distance text,
    formateur text NOT NULL,
    organisme text,
    capacite integer NOT NULL,
    annulee boolean NOT NULL DEFAULT false,
    motif_annulation text,
    inscrits integer NOT NULL DEFAULT 0,
    en_attente integer NOT NULL DEFAULT 0,
    terminees integer NOT NULL DEFAULT 0,
    cree_le timestamptz NOT NULL,
    cree_par text NOT NULL,
    modifie_le timestamptz NOT NULL,
    modifie_par text NOT NULL
);
CREATE INDEX formation_sessions_parcours_idx ON formation_sessions (parcours_id);
CREATE INDEX formation_sessions_fin_idx ON formation_sessions (fin);

-- One row per aidant ever enrolled in a session; `rang` (the version of the session when
-- they enrolled) orders the waiting list. `presences` maps a slot (2026-03-02 or
-- 2026-03-02/matin) to true (present) or false (absent).
CREATE TABLE formation_inscriptions (
    session_id uuid NOT NULL,
    aidant_id uuid NOT NULL,
    statut text NOT NULL,
    rang bigint NOT NULL,
    inscrite_le timestamptz NOT NULL,
    presences jsonb NOT NULL DEFAULT '{}',
    terminee_le timestamptz,
    qualification_delivree text,
    modifie_le timestamptz NOT NULL,
    PRIMARY KEY (session_id, aidant_id)
);
CREATE INDEX formation_inscriptions_aidant_idx ON formation_inscriptions (aidant_id);
