-- Per-person encryption keys (crypto-shredding): deleting a row erases that person's identity
-- from every event. Not append-only, on purpose.
CREATE TABLE cles_personnes (
    personne_id uuid PRIMARY KEY,
    cle bytea NOT NULL,
    cree_le timestamptz NOT NULL DEFAULT now()
);

-- Read model of beneficiaries. Identity columns are NULL for anonymous people and blanked when
-- a person is erased or anonymised; statistics columns stay.
CREATE TABLE beneficiaires (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    mediateur text NOT NULL,
    prenom text,
    nom text,
    telephone text,
    courriel text,
    notes text,
    consentement_le date,
    genre text NOT NULL,
    tranche_age text NOT NULL,
    annee_naissance integer,
    statut_social text NOT NULL,
    commune_residence text,
    deja_accompagne boolean NOT NULL,
    anonymise boolean NOT NULL DEFAULT false,
    anonymise_le timestamptz,
    motif_anonymisation text,
    cree_le timestamptz NOT NULL,
    modifie_le timestamptz NOT NULL
);
CREATE INDEX beneficiaires_mediateur_idx ON beneficiaires (mediateur);

-- Who read whose personal data, when and how: append-only, like the event log.
CREATE TABLE journal_acces (
    id bigserial PRIMARY KEY,
    quand timestamptz NOT NULL DEFAULT now(),
    qui text NOT NULL,
    beneficiaire_id uuid,
    action text NOT NULL
);
CREATE TRIGGER journal_acces_append_only BEFORE UPDATE OR DELETE ON journal_acces
    FOR EACH ROW EXECUTE FUNCTION mednum_refuse_rewrite();
CREATE TRIGGER journal_acces_no_truncate BEFORE TRUNCATE ON journal_acces
    FOR EACH STATEMENT EXECUTE FUNCTION mednum_refuse_rewrite();

-- Accent- and case-insensitive search on names (the `unaccent` extension may be missing).
CREATE FUNCTION mednum_sans_accents(texte text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(translate(texte,
        'àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ',
        'aaaaaaceeeeiiiinooooouuuuyyoaAAAAAACEEEEIIIINOOOOOUUUUYY'))
$$;
