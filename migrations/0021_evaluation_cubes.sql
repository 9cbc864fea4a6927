-- Read models of the evaluation reports (issue 6), fed by projections/evaluation.py: cubes by
-- territory × period × dimension, so that a regional report reads a few thousand rows
-- rather than every activity. A territory is (niveau, code): 'commune' (INSEE), 'epci'
-- (SIREN), 'departement', 'region', and 'pays'/'FR' for the whole; an activity belongs to
-- its place's commune, or to the commune given for a session at home or remote.

-- Additive figures per month: one row per territory × month × dimension × modality.
CREATE TABLE cube_activites (
    niveau text NOT NULL,
    code text NOT NULL,
    mois date NOT NULL,
    dimension text NOT NULL,
    modalite text NOT NULL,
    activites integer NOT NULL,
    accompagnements integer NOT NULL,
    minutes bigint NOT NULL,
    minutes_personnes bigint NOT NULL,
    PRIMARY KEY (niveau, code, dimension, mois, modalite)
);

-- Followed people, for distinct counts: one row per territory × period × person, at three
-- grains ('mois', 'trimestre', 'annee'; `debut` is the period's first day), so that a
-- month, a quarter or a year is a plain count and only a custom period needs DISTINCT.
CREATE TABLE cube_personnes (
    niveau text NOT NULL,
    code text NOT NULL,
    grain text NOT NULL,
    debut date NOT NULL,
    beneficiaire_id uuid NOT NULL,
    accompagnements integer NOT NULL,
    minutes_personnes bigint NOT NULL,
    PRIMARY KEY (niveau, code, grain, debut, beneficiaire_id)
);
CREATE INDEX cube_personnes_personne_idx ON cube_personnes (beneficiaire_id);

-- Each followed person's first month of accompaniment anywhere (« nouveaux »).
CREATE TABLE cube_premiers_mois (
    beneficiaire_id uuid PRIMARY KEY,
    mois date NOT NULL
);

-- What each activity added, to take it back on a correction or a deletion.
CREATE TABLE evaluation_activites (
    activite_id uuid PRIMARY KEY,
    contribution bytea NOT NULL
);

-- The commune of each place, and the statistical profile of each followed person (no
-- identity: the same fields as an anonymous person's profile).
CREATE TABLE evaluation_lieux (
    lieu_id uuid PRIMARY KEY,
    code_insee text NOT NULL
);
CREATE TABLE evaluation_profils (
    beneficiaire_id uuid PRIMARY KEY,
    genre text NOT NULL,
    tranche_age text NOT NULL,
    statut_social text NOT NULL,
    commune_residence text
);

-- Frozen reports: the canonical bytes of a report as of an event position.
CREATE TABLE rapports (
    id uuid PRIMARY KEY,
    nature text NOT NULL CHECK (nature IN ('mensuel', 'trimestriel', 'ponctuel')),
    niveau text NOT NULL,
    code text NOT NULL,
    periode text NOT NULL,
    position bigint NOT NULL,
    contenu bytea NOT NULL,
    empreinte text NOT NULL,
    genere_le timestamptz NOT NULL,
    genere_par text NOT NULL,
    -- Rendered once on first download (a regional PDF takes seconds): a frozen report
    -- never changes, so neither does its PDF.
    pdf bytea
);
CREATE INDEX rapports_territoire_idx ON rapports (niveau, code, genere_le DESC);
CREATE UNIQUE INDEX rapports_planifies_idx ON rapports (nature, niveau, code, periode)
    WHERE nature <> 'ponctuel';

-- Every territory within a perimeter (itself included): what a financeur of that perimeter
-- may see. An EPCI counts only when all its communes lie inside.
CREATE FUNCTION territoires_dans(p_niveau text, p_code text)
RETURNS TABLE (niveau text, code text) LANGUAGE sql STABLE AS $$
    WITH dedans AS (
        SELECT c.* FROM communes c
        WHERE p_niveau = 'pays'
           OR (p_niveau = 'region' AND c.region = p_code)
           OR (p_niveau = 'departement' AND c.departement = p_code)
           OR (p_niveau = 'epci' AND c.epci = p_code)
           OR (p_niveau = 'commune' AND c.code_insee = p_code)
    )
    SELECT p_niveau, p_code
    UNION SELECT 'region', region FROM dedans WHERE p_niveau = 'pays'
    UNION SELECT 'departement', departement FROM dedans WHERE p_niveau IN ('pays', 'region')
    UNION SELECT 'epci', d.epci FROM dedans d
        WHERE d.epci IS NOT NULL AND p_niveau IN ('pays', 'region', 'departement')
        AND NOT EXISTS (SELECT 1 FROM communes o WHERE o.epci = d.epci
                        AND o.code_insee NOT IN (SELECT code_insee FROM dedans))
    UNION SELECT 'commune', code_insee FROM dedans
$$;
