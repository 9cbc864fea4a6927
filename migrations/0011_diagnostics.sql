-- Read model of diagnostics (issue 4), fed by projections/diagnostics.py. A beneficiary is
-- named by id only: no identity here. `niveau` and `grille_version` come from the
-- NiveauEvalue event, so a new grid version never changes a level already computed.
CREATE TABLE diagnostics (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    beneficiaire_id uuid NOT NULL,
    date date NOT NULL,
    source text NOT NULL,
    scores jsonb NOT NULL,
    score_importe integer,
    drapeaux text[] NOT NULL DEFAULT '{}',
    thematiques text[] NOT NULL DEFAULT '{}',
    cible smallint,
    competences_cibles text[] NOT NULL DEFAULT '{}',
    note text,
    niveau smallint,
    grille_version text,
    detail jsonb,
    auteur text NOT NULL,
    annule boolean NOT NULL DEFAULT false,
    motif_annulation text,
    cree_le timestamptz NOT NULL,
    modifie_le timestamptz NOT NULL,
    modifie_par text NOT NULL
);
CREATE INDEX diagnostics_beneficiaire_idx ON diagnostics (beneficiaire_id, date);
