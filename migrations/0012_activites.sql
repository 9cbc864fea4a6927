-- Read models of activities (issue 4), fed by projections/activites.py.
-- Neither table holds a person's identity: people are referred to by id only, and pages
-- join the `beneficiaires` table for names. Notes are not copied here (the detail page reads
-- them from the activity's events).
CREATE TABLE activites (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    mediateur text NOT NULL,
    type text NOT NULL,
    date date NOT NULL,
    duree integer NOT NULL,
    type_lieu text NOT NULL,
    lieu_id uuid,
    commune text,
    materiel text[] NOT NULL,
    thematiques text[] NOT NULL,
    precisions_demarche text,
    autonomie text,
    oriente_vers_structure boolean NOT NULL,
    redirection text,
    titre text,
    niveau text,
    beneficiaire_id uuid,
    beneficiaires uuid[] NOT NULL,
    -- La Coop's accompagnementsCount: 1 for an individual session, N for a workshop.
    participants integer NOT NULL,
    -- A workshop's anonymous participants, as counts (never as invented people).
    anonymes integer NOT NULL,
    anonymes_deja_accompagnes integer NOT NULL,
    genres jsonb NOT NULL,
    tranches_age jsonb NOT NULL,
    statuts_sociaux jsonb NOT NULL,
    motif_retard text,
    supprimee boolean NOT NULL DEFAULT false,
    motif_suppression text,
    cree_le timestamptz NOT NULL,
    cree_par text NOT NULL,
    modifie_le timestamptz NOT NULL,
    modifie_par text NOT NULL
);
CREATE INDEX activites_mediateur_date_idx ON activites (mediateur, date DESC);
CREATE INDEX activites_date_idx ON activites (date);

-- One row per participant of a non-deleted activity: the figures are SQL over it.
-- `beneficiaire_id` NULL: an anonymous person. Profile columns are set for an anonymous
-- individual session (what the person chose to say) and NULL for a workshop's anonymous
-- participants (their counts are on the activity). `premier_accompagnement`: La Coop's rule,
-- an anonymous person counts as new unless « déjà accompagné »; NULL for a followed person,
-- who is new in a period when their first activity falls in it.
CREATE TABLE accompagnements (
    activite_id uuid NOT NULL,
    rang integer NOT NULL,
    beneficiaire_id uuid,
    genre text,
    tranche_age text,
    statut_social text,
    commune_residence text,
    premier_accompagnement boolean,
    date date NOT NULL,
    type text NOT NULL,
    mediateur text NOT NULL,
    PRIMARY KEY (activite_id, rang)
);
CREATE INDEX accompagnements_mediateur_date_idx ON accompagnements (mediateur, date);
CREATE INDEX accompagnements_beneficiaire_idx ON accompagnements (beneficiaire_id, date)
    WHERE beneficiaire_id IS NOT NULL;
