-- Read model of the registry's places, for the API list, the map and the place pages.
CREATE TABLE lieux (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    nom text NOT NULL,
    adresse text NOT NULL,
    complement_adresse text,
    code_postal text NOT NULL,
    code_insee text NOT NULL,
    commune text NOT NULL,
    departement text NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    services text[] NOT NULL,
    horaires text,
    ferme boolean NOT NULL DEFAULT false,
    cree_le timestamptz NOT NULL,
    cree_par text NOT NULL,
    modifie_le timestamptz NOT NULL,
    modifie_par text NOT NULL
);
CREATE INDEX lieux_code_insee_idx ON lieux (code_insee);
CREATE INDEX lieux_departement_idx ON lieux (departement);
