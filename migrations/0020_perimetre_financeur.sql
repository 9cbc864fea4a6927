-- The territory a financeur's account may read reports on (issue 6). NULL for other roles;
-- a financeur without a perimeter sees no report. `perimetre_code` is the INSEE code of the
-- commune, département or région, or the SIREN of the EPCI (tables communes, territoires).
ALTER TABLE users
    ADD COLUMN perimetre_niveau text
        CHECK (perimetre_niveau IN ('region', 'departement', 'epci', 'commune')),
    ADD COLUMN perimetre_code text,
    ADD CONSTRAINT users_perimetre_complet
        CHECK ((perimetre_niveau IS NULL) = (perimetre_code IS NULL));
