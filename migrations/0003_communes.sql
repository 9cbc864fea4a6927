-- Reference data shipped with the project (mednum/data/*.csv.gz, IGN Admin Express and
-- INSEE COG, Licence Ouverte). Loaded by mednum.communes at start-up when its checksum changes.
CREATE TABLE reference_data (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE communes (
    code_insee text PRIMARY KEY,
    nom text NOT NULL,
    nom_normalise text NOT NULL,
    departement text NOT NULL,
    region text NOT NULL,
    epci text,
    population integer NOT NULL,
    codes_postaux text[] NOT NULL,
    latitude double precision,
    longitude double precision
);
CREATE INDEX communes_nom_normalise_idx ON communes (nom_normalise text_pattern_ops);
CREATE INDEX communes_codes_postaux_idx ON communes USING gin (codes_postaux);
CREATE INDEX communes_departement_idx ON communes (departement);

CREATE TABLE territoires (
    niveau text NOT NULL CHECK (niveau IN ('region', 'departement', 'epci')),
    code text NOT NULL,
    nom text NOT NULL,
    parent text,
    PRIMARY KEY (niveau, code)
);
