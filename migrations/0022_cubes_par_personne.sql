-- What a report says of followed people, per territory × period cell of `cube_personnes`, kept
-- up to date by projections/evaluation.py so that a report reads a few rows per cell instead
-- of one row per person (issue 6's speed bar: the cost must not grow with the people).
-- Cells are those of `cube_personnes`: (niveau, code, grain, debut).

-- Whether `mois` falls in the period of a cell.
CREATE FUNCTION periode_contient(p_grain text, p_debut date, p_mois date)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT p_mois >= p_debut AND p_mois < p_debut + CASE p_grain
        WHEN 'mois' THEN interval '1 month'
        WHEN 'trimestre' THEN interval '3 months'
        ELSE interval '1 year' END
$$;

-- Followed people of a cell by their total minutes-person in it: the median, the P90 and the
-- long paths without reading the people.
CREATE TABLE cube_personnes_minutes (
    niveau text NOT NULL,
    code text NOT NULL,
    grain text NOT NULL,
    debut date NOT NULL,
    minutes bigint NOT NULL,
    personnes integer NOT NULL,
    PRIMARY KEY (niveau, code, grain, debut, minutes)
);

-- Followed people of a cell counted by a modality: ('suivis', 'total'), ('nouveaux', 'total')
-- for those whose first month anywhere is in the period, and their profile: 'genre',
-- 'tranche_age', 'statut_social', 'residence' (the commune's INSEE code, '' when unknown).
CREATE TABLE cube_personnes_profils (
    niveau text NOT NULL,
    code text NOT NULL,
    grain text NOT NULL,
    debut date NOT NULL,
    dimension text NOT NULL,
    modalite text NOT NULL,
    personnes integer NOT NULL,
    PRIMARY KEY (niveau, code, grain, debut, dimension, modalite)
);

-- An anonymous person's commune of residence adds a `cube_activites` row per commune and
-- month: the report's sums skip those rows by index, and their own sum reads the index alone.
CREATE INDEX cube_activites_sans_residence_idx ON cube_activites (niveau, code, mois)
    WHERE dimension <> 'residence';
CREATE INDEX cube_activites_residence_idx ON cube_activites (niveau, code, mois)
    INCLUDE (modalite, accompagnements) WHERE dimension = 'residence';

-- Filled from what the evaluation projection has already written.
INSERT INTO cube_personnes_minutes (niveau, code, grain, debut, minutes, personnes)
SELECT niveau, code, grain, debut, minutes_personnes, count(*)
FROM cube_personnes WHERE accompagnements > 0
GROUP BY niveau, code, grain, debut, minutes_personnes;

INSERT INTO cube_personnes_profils (niveau, code, grain, debut, dimension, modalite, personnes)
SELECT p.niveau, p.code, p.grain, p.debut, v.dimension, v.modalite, count(*)
FROM cube_personnes p
LEFT JOIN evaluation_profils f USING (beneficiaire_id)
LEFT JOIN cube_premiers_mois m USING (beneficiaire_id)
CROSS JOIN LATERAL (VALUES
    ('suivis', 'total'),
    ('nouveaux', CASE WHEN periode_contient(p.grain, p.debut, m.mois) THEN 'total' END),
    ('genre', f.genre),
    ('tranche_age', f.tranche_age),
    ('statut_social', f.statut_social),
    ('residence', CASE WHEN f.beneficiaire_id IS NOT NULL
        THEN coalesce(f.commune_residence, '') END)
) v (dimension, modalite)
WHERE p.accompagnements > 0 AND v.modalite IS NOT NULL
GROUP BY p.niveau, p.code, p.grain, p.debut, v.dimension, v.modalite;

