-- Indice de Fragilité Numérique per commune (Mednum / ANCT open data), imported with
-- `mednum import ifn FILE`. Reference data, replaced wholesale by each import.
CREATE TABLE ifn_communes (
    code_insee text PRIMARY KEY,
    nom text NOT NULL,
    score double precision NOT NULL,
    no_thd_coverage_rate double precision,
    no_4g_coverage_rate double precision,
    poverty_rate double precision,
    older_65_rate double precision,
    nscol15p_rate double precision,
    importe_le timestamptz NOT NULL DEFAULT now()
);
