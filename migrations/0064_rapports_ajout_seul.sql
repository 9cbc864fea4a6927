-- A frozen report never changes: `rapports` is append-only like the event log. Its rendered
-- files (PDF, XLSX, CSV), which are produced later in the background and were kept in
-- rapports.pdf, move to their own table with their SHA-256 and production state.
CREATE TABLE rapports_fichiers (
    rapport_id uuid NOT NULL REFERENCES rapports,
    format text NOT NULL CHECK (format IN ('pdf', 'xlsx', 'csv')),
    demande_le timestamptz NOT NULL,
    battement timestamptz NOT NULL,
    produit_le timestamptz,
    contenu bytea,
    empreinte text,
    erreur text,
    PRIMARY KEY (rapport_id, format)
);
INSERT INTO rapports_fichiers
    (rapport_id, format, demande_le, battement, produit_le, contenu, empreinte)
SELECT id, 'pdf', genere_le, genere_le, genere_le, pdf, encode(sha256(pdf), 'hex')
FROM rapports WHERE pdf IS NOT NULL;
ALTER TABLE rapports DROP COLUMN pdf;

CREATE FUNCTION rapports_refuse_reecriture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Un rapport figé ne change plus : la table rapports est en ajout seul '
        '(% refusé).', TG_OP;
END $$;
CREATE TRIGGER rapports_ajout_seul BEFORE UPDATE OR DELETE ON rapports
    FOR EACH ROW EXECUTE FUNCTION rapports_refuse_reecriture();
CREATE TRIGGER rapports_sans_truncate BEFORE TRUNCATE ON rapports
    FOR EACH STATEMENT EXECUTE FUNCTION rapports_refuse_reecriture();
