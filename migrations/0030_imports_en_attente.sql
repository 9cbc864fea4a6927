-- A file checked by a dry run waits here until the coordinator imports it for real, so that
-- they need not pick it again. In PostgreSQL rather than on the web server's disk: the next
-- request may reach another web process. Rows older than a day are dropped on each import.
CREATE TABLE imports_en_attente (
    jeton text PRIMARY KEY,
    proprietaire uuid NOT NULL,
    nom text NOT NULL,
    source text NOT NULL,
    contenu bytea NOT NULL,
    cree_le timestamptz NOT NULL DEFAULT now()
);
