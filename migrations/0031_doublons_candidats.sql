-- Duplicate candidates kept up to date by the `doublons` projection, so that the review queue
-- is a read, not a pairwise comparison of every place on each request. `doublons_lieux` holds
-- what the score needs of each place, folded from the events by the projection itself (it
-- must not read `lieux`, which another projector fills at its own pace).
CREATE TABLE doublons_lieux (
    id uuid PRIMARY KEY,
    nom text NOT NULL,
    adresse text NOT NULL,
    code_insee text NOT NULL,
    departement text,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    pivot text,
    ferme boolean NOT NULL DEFAULT false,
    fusionne_dans uuid
);
CREATE INDEX doublons_lieux_commune ON doublons_lieux (code_insee)
    WHERE NOT ferme AND fusionne_dans IS NULL;

CREATE TABLE doublons_candidats (
    a uuid NOT NULL,
    b uuid NOT NULL,
    departement text,
    total double precision NOT NULL,
    nom double precision NOT NULL,
    adresse double precision NOT NULL,
    distance_m double precision NOT NULL,
    meme_pivot boolean NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX doublons_candidats_b ON doublons_candidats (b);
CREATE INDEX doublons_candidats_file ON doublons_candidats (total DESC, a, b);
