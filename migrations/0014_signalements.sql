-- Citizens' reports of errors on places (read model of the Signalement aggregate), and the
-- per-address count of recent posts that rate-limits the public form.
CREATE TABLE signalements (
    id uuid PRIMARY KEY,
    version bigint NOT NULL,
    lieu_id uuid NOT NULL,
    champ text NOT NULL,
    message text NOT NULL,
    courriel text,
    recu_le timestamptz NOT NULL,
    statut text NOT NULL DEFAULT 'a_traiter',
    traite_le timestamptz,
    traite_par text,
    note text
);
CREATE INDEX signalements_statut_idx ON signalements (statut, recu_le);
CREATE INDEX signalements_lieu_idx ON signalements (lieu_id);

-- Not a read model: written by the web process on each accepted post. The address is kept
-- only as a keyed hash (never the address itself), and rows older than a day are deleted.
CREATE TABLE signalements_envois (
    adresse_hash text NOT NULL,
    envoye_le timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signalements_envois_idx ON signalements_envois (adresse_hash, envoye_le);
