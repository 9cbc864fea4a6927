-- Versions of the reference data a report reads (communes with their populations and EPCI,
-- territoires, IFN scores): a frozen report records the version it was computed with, and
-- its verification replays with that version, so reloading the reference data later does
-- not break byte-identity.
--
-- A version is the SHA-256 of the three tables' content (`referentiel_empreinte`); each
-- version's rows are kept in the *_versions tables (a few MB per version: 35k communes).
-- `archiver_referentiel` records the current content as a version (once) and remembers it in
-- reference_data under the name 'referentiel'; any write to the three tables forgets that
-- (a statement trigger), so the next freeze hashes and archives again.
CREATE FUNCTION referentiel_empreinte() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(
        coalesce((SELECT string_agg(c::text, E'\n' ORDER BY c.code_insee) FROM communes c), '')
        || E'\n--\n' ||
        coalesce((SELECT string_agg(t::text, E'\n' ORDER BY t.niveau, t.code)
                  FROM territoires t), '')
        || E'\n--\n' ||
        -- the import's date is not content: the same file imported twice is one version
        coalesce((SELECT string_agg((i.code_insee, i.nom, i.score, i.no_thd_coverage_rate,
                                     i.no_4g_coverage_rate, i.poverty_rate, i.older_65_rate,
                                     i.nscol15p_rate)::text, E'\n' ORDER BY i.code_insee)
                  FROM ifn_communes i), ''),
        'UTF8')), 'hex')
$$;

CREATE TABLE referentiel_versions (
    version text PRIMARY KEY,
    archivee_le timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE communes_versions (
    version text NOT NULL REFERENCES referentiel_versions,
    LIKE communes
);
CREATE INDEX communes_versions_idx ON communes_versions (version);
CREATE TABLE territoires_versions (
    version text NOT NULL REFERENCES referentiel_versions,
    LIKE territoires
);
CREATE INDEX territoires_versions_idx ON territoires_versions (version);
CREATE TABLE ifn_communes_versions (
    version text NOT NULL REFERENCES referentiel_versions,
    LIKE ifn_communes
);
CREATE INDEX ifn_communes_versions_idx ON ifn_communes_versions (version);

CREATE FUNCTION archiver_referentiel() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v text := referentiel_empreinte();
BEGIN
    INSERT INTO referentiel_versions (version) VALUES (v) ON CONFLICT DO NOTHING;
    IF FOUND THEN
        INSERT INTO communes_versions SELECT v, c.* FROM communes c;
        INSERT INTO territoires_versions SELECT v, t.* FROM territoires t;
        INSERT INTO ifn_communes_versions SELECT v, i.* FROM ifn_communes i;
    END IF;
    INSERT INTO reference_data (name, checksum) VALUES ('referentiel', v)
        ON CONFLICT (name) DO UPDATE SET checksum = v, loaded_at = now();
    RETURN v;
END $$;

CREATE FUNCTION referentiel_modifie() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM reference_data WHERE name = 'referentiel';
    RETURN NULL;
END $$;
CREATE TRIGGER communes_referentiel AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON communes
    FOR EACH STATEMENT EXECUTE FUNCTION referentiel_modifie();
CREATE TRIGGER territoires_referentiel AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON territoires FOR EACH STATEMENT EXECUTE FUNCTION referentiel_modifie();
CREATE TRIGGER ifn_communes_referentiel AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON ifn_communes FOR EACH STATEMENT EXECUTE FUNCTION referentiel_modifie();

-- Reports frozen before this migration have no version (NULL): their verification says so
-- and uses the reference data as it stands.
ALTER TABLE rapports ADD COLUMN referentiel text REFERENCES referentiel_versions;
