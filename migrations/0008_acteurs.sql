-- Read models of structures and aidants (issue 3), fed by projections/acteurs.py.
CREATE TABLE structures (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    siret text NOT NULL,
    nom text NOT NULL,
    type_structure text NOT NULL,
    adresse text NOT NULL,
    code_postal text NOT NULL,
    code_insee text NOT NULL,
    commune text NOT NULL,
    departement text NOT NULL,
    numero_france_services text,
    site_web text,
    lieux uuid[] NOT NULL DEFAULT '{}',
    fermee boolean NOT NULL DEFAULT false,
    motif_fermeture text,
    cree_le timestamptz NOT NULL,
    cree_par text NOT NULL,
    modifie_le timestamptz NOT NULL,
    modifie_par text NOT NULL
);
CREATE INDEX structures_siret_idx ON structures (siret);
CREATE INDEX structures_departement_idx ON structures (departement);

-- `derniere_activite` is filled once activity records exist (issue 4); until then it stays
-- NULL and an aidant is active when they have an affiliation open today (see lister_aidants).
CREATE TABLE aidants (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    prenom text NOT NULL,
    nom text NOT NULL,
    type_aidant text NOT NULL,
    email text,
    telephone text,
    compte text,
    lieux uuid[] NOT NULL DEFAULT '{}',
    desactive boolean NOT NULL DEFAULT false,
    motif_desactivation text,
    habilite_aidants_connect boolean NOT NULL DEFAULT false,
    habilitation_le date,
    habilitation_expire_le date,
    habilitation_retiree_le timestamptz,
    motif_retrait_habilitation text,
    derniere_activite timestamptz,
    cree_le timestamptz NOT NULL,
    cree_par text NOT NULL,
    modifie_le timestamptz NOT NULL,
    modifie_par text NOT NULL
);

CREATE TABLE affiliations (
    aidant_id uuid NOT NULL,
    structure_id uuid NOT NULL,
    debut date NOT NULL,
    fin date,
    PRIMARY KEY (aidant_id, structure_id, debut)
);
CREATE INDEX affiliations_structure_idx ON affiliations (structure_id);

CREATE TABLE qualifications (
    aidant_id uuid NOT NULL,
    type text NOT NULL,
    obtenue_le date NOT NULL,
    libelle text NOT NULL DEFAULT '',
    expire_le date,
    score integer,
    enregistree_le timestamptz NOT NULL,
    enregistree_par text NOT NULL,
    PRIMARY KEY (aidant_id, type, obtenue_le, libelle)
);
