-- Freshness and merges of places: when the record was last verified and by whom (a change
-- or an explicit confirmation counts), and the place a merged duplicate now points to.
ALTER TABLE lieux
    ADD COLUMN verifie_le timestamptz,
    ADD COLUMN verifie_par text,
    ADD COLUMN fusionne_dans uuid;
UPDATE lieux SET verifie_le = modifie_le, verifie_par = modifie_par;
ALTER TABLE lieux ALTER COLUMN verifie_le SET NOT NULL, ALTER COLUMN verifie_par SET NOT NULL;
CREATE INDEX lieux_verifie_le_idx ON lieux (verifie_le) WHERE NOT ferme AND fusionne_dans IS NULL;

-- Pairs of places a coordinator judged distinct (smaller id first): no longer proposed.
CREATE TABLE doublons_ecartes (
    a uuid NOT NULL,
    b uuid NOT NULL,
    ecarte_le timestamptz NOT NULL,
    ecarte_par text NOT NULL,
    PRIMARY KEY (a, b)
);
