-- The national standard's other fields (v1.0.2) in the places read model. Multi-valued fields
-- are arrays; rows projected before hold the defaults, as their events carry none of them.
ALTER TABLE lieux
    ADD COLUMN pivot text,
    ADD COLUMN typologie text[] NOT NULL DEFAULT '{}',
    ADD COLUMN telephone text,
    ADD COLUMN courriels text[] NOT NULL DEFAULT '{}',
    ADD COLUMN site_web text[] NOT NULL DEFAULT '{}',
    ADD COLUMN presentation_resume text,
    ADD COLUMN presentation_detail text,
    ADD COLUMN source text,
    ADD COLUMN itinerance text[] NOT NULL DEFAULT '{}',
    ADD COLUMN structure_parente text,
    ADD COLUMN publics_specifiquement_adresses text[] NOT NULL DEFAULT '{}',
    ADD COLUMN prise_en_charge_specifique text[] NOT NULL DEFAULT '{}',
    ADD COLUMN frais_a_charge text[] NOT NULL DEFAULT '{}',
    ADD COLUMN dispositif_programmes_nationaux text[] NOT NULL DEFAULT '{}',
    ADD COLUMN formations_labels text[] NOT NULL DEFAULT '{}',
    ADD COLUMN autres_formations_labels text[] NOT NULL DEFAULT '{}',
    ADD COLUMN modalites_acces text[] NOT NULL DEFAULT '{}',
    ADD COLUMN modalites_accompagnement text[] NOT NULL DEFAULT '{}',
    ADD COLUMN fiche_acces_libre text,
    ADD COLUMN prise_rdv text;
