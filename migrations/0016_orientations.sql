-- Read model of referrals (issue 5), fed by projections/orientations.py. A person is named
-- by id only (NULL for an anonymous self-orientation): pages join `beneficiaires` for names.
-- `lien_empreinte` is the keyed hash of the receiving place's token, never the token.
CREATE TABLE orientations (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    beneficiaire_id uuid,
    mediateur text,
    regles_version text NOT NULL,
    regle text NOT NULL,
    offre_type text NOT NULL,
    regles text[] NOT NULL,
    pourquoi text[] NOT NULL,
    niveau smallint,
    lieux_proposes uuid[] NOT NULL,
    lieu_choisi uuid,
    statut text NOT NULL,
    lien_empreinte text,
    lien_expire_le timestamptz,
    motif_refus text,
    activite_id uuid,
    aboutie_le date,
    propose_le timestamptz NOT NULL,
    modifie_le timestamptz NOT NULL,
    modifie_par text NOT NULL
);
CREATE INDEX orientations_mediateur_idx ON orientations (mediateur, propose_le DESC);
CREATE INDEX orientations_beneficiaire_idx ON orientations (beneficiaire_id)
    WHERE beneficiaire_id IS NOT NULL;
CREATE UNIQUE INDEX orientations_lien_idx ON orientations (lien_empreinte)
    WHERE lien_empreinte IS NOT NULL;
CREATE INDEX orientations_en_cours_idx ON orientations (statut, propose_le)
    WHERE statut IN ('proposee', 'acceptee', 'prise_en_charge');
