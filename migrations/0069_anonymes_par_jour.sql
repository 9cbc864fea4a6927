-- The anonymous people of a set of territories over a range of days (M4.12's twelve months
-- for every EPCI of a report, the anonymous part of distinct beneficiaries): read from this
-- index alone, one range per territory, instead of visiting a table row per territory and day
-- (at 1M sessions, the EPCIs of a région: 180 ms with a warm cache, 700 ms without).
CREATE INDEX cube_activites_anonymes_idx ON cube_activites (niveau, code, jour)
    INCLUDE (accompagnements) WHERE dimension = 'anonymes' AND modalite = 'total';
