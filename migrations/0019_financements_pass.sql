-- Read models of mission 2 (issue 6): funding applications (projections/financements.py)
-- and the Pass numérique (projections/pass_numerique.py). Amounts are in centimes.
CREATE TABLE financements (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    source text NOT NULL,
    financeur text NOT NULL,
    objet text NOT NULL,
    montant_demande bigint NOT NULL,
    structure_id uuid NOT NULL,
    date_depot date NOT NULL,
    periode_debut date NOT NULL,
    periode_fin date NOT NULL,
    fonctionnement_hub boolean NOT NULL,
    fleche_accompagnement boolean NOT NULL,
    statut text NOT NULL DEFAULT 'depose',
    montant_accorde bigint,
    date_decision date,
    motif_refus text,
    cree_le timestamptz NOT NULL,
    cree_par text NOT NULL,
    modifie_le timestamptz NOT NULL,
    modifie_par text NOT NULL
);
CREATE INDEX financements_structure_idx ON financements (structure_id);
CREATE INDEX financements_statut_idx ON financements (statut, date_decision);

CREATE TABLE pass_commandes (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    commanditaire text NOT NULL,
    perimetre_niveau text NOT NULL,
    perimetre_code text NOT NULL,
    date_commande date NOT NULL,
    nb_carnets integer NOT NULL,
    pass_par_carnet integer NOT NULL,
    valeur_faciale integer NOT NULL,
    date_validite date NOT NULL,
    cree_le timestamptz NOT NULL,
    cree_par text NOT NULL
);

CREATE TABLE pass_remises (
    commande_id uuid NOT NULL,
    numero_debut integer NOT NULL,
    numero_fin integer NOT NULL,
    distributeur_structure_id uuid,
    distributeur_nom text,
    date_remise date NOT NULL,
    PRIMARY KEY (commande_id, numero_debut)
);

-- One row per carnet given to a person (a carnet not yet given has no row).
CREATE TABLE pass_carnets (
    commande_id uuid NOT NULL,
    numero integer NOT NULL,
    date_injection date NOT NULL,
    distributeur_structure_id uuid,
    distributeur_nom text,
    beneficiaire_id uuid,
    PRIMARY KEY (commande_id, numero)
);
CREATE INDEX pass_carnets_date_idx ON pass_carnets (date_injection);

CREATE TABLE pass_scans (
    commande_id uuid NOT NULL,
    numero_carnet integer NOT NULL,
    numero_pass integer NOT NULL,
    lieu_id uuid NOT NULL,
    date_scan date NOT NULL,
    service text,
    PRIMARY KEY (commande_id, numero_carnet, numero_pass)
);
CREATE INDEX pass_scans_date_idx ON pass_scans (date_scan);
CREATE INDEX pass_scans_lieu_idx ON pass_scans (lieu_id);
