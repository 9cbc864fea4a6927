"""Pass numérique indicators (M2.4, and the pass share of M4.14) for a territory and a
period, as section (c) of referential_eval.md defines them. Amounts in centimes.

Flows, by the date of each fact: an order counts when placed in [debut, fin], an injection
when made in it, a scan when made in it. Territory: an order counts when its perimeter's
communes meet the territory; an injection by the commune of its distributor structure when
known, else with its order; a scan by the commune of the place where it was made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

import asyncpg
import msgspec

TOUJOURS = (date(1900, 1, 1), date(9999, 12, 31))


class UsageDistributeur(msgspec.Struct, frozen=True, kw_only=True):
    """One distributor: carnets received (handed over in the period), given to people in the
    period, and pass of the carnets it gave that were scanned in the period."""

    structure_id: UUID | None
    """The distributor structure, None for a distributor known by name only."""
    nom: str
    carnets_recus: int
    carnets_injectes: int
    pass_scannes: int


class UsageLieu(msgspec.Struct, frozen=True, kw_only=True):
    """One place: pass scanned there in the period."""

    lieu_id: UUID
    nom: str
    pass_scannes: int


class IndicateursPass(msgspec.Struct, frozen=True, kw_only=True):
    """Pass numérique for the territory and the period. Amounts in centimes.

    - carnets_emis / pass_emis / montant_commande: carnets, pass and face value of the
      orders placed in the period (« € commandés »).
    - carnets_remis: carnets handed to distributors in the period.
    - carnets_injectes / montant_injecte: carnets given to people in the period and their
      face value (« € injectés »).
    - carnets_entames: of the injected carnets, those with ≥ 1 pass scanned by `fin`.
    - pass_scannes / montant_consomme: pass scanned in the period, their face value
      (« € consommés », what the places are counter-paid).
    - beneficiaires_avec_scan: people with ≥ 1 of those scans: distinct beneficiaire_id,
      plus one per carnet given without a beneficiaire_id.
    - delai_median_jours: median days from injection to first scan, over the entamés
      carnets (None when none).
    - par_distributeur: per distributor, most carnets received first.
    - par_lieu: per place, most pass scanned first.
    - carnets_en_validite / pass_en_validite: carnets and pass of the orders valid on at
      least one day of the period (ordered by `fin`, valid until `debut` or later): the
      usage rate's denominator, so that a quarter of a year-long order keeps its rate.
    """

    carnets_emis: int
    pass_emis: int
    montant_commande: int
    carnets_remis: int
    carnets_injectes: int
    montant_injecte: int
    carnets_entames: int
    pass_scannes: int
    montant_consomme: int
    beneficiaires_avec_scan: int
    delai_median_jours: float | None
    par_distributeur: list[UsageDistributeur]
    par_lieu: list[UsageLieu]
    carnets_en_validite: int = 0
    pass_en_validite: int = 0

    @property
    def taux_injection(self) -> float | None:
        """Carnets injectés / émis."""
        return self.carnets_injectes / self.carnets_emis if self.carnets_emis else None

    @property
    def taux_entame(self) -> float | None:
        """Carnets entamés / injectés."""
        return self.carnets_entames / self.carnets_injectes if self.carnets_injectes else None

    @property
    def taux_utilisation(self) -> float | None:
        """Pass scannés / émis: the headline figure of commanditaires."""
        return self.pass_scannes / self.pass_emis if self.pass_emis else None

    @property
    def cout_par_beneficiaire(self) -> float | None:
        """Montant consommé / bénéficiaires avec ≥ 1 scan, in centimes (M4.14, pass share)."""
        if not self.beneficiaires_avec_scan:
            return None
        return self.montant_consomme / self.beneficiaires_avec_scan


def _distributeur(alias: str) -> str:
    """The name of the distributor of a handover or a carnet (`alias`): its structure's, else
    the name typed for it."""
    return f"coalesce(st.nom, {alias}.distributeur_nom, '?') AS distributeur"


def _distribue_dans_le_territoire(alias: str) -> str:
    """A handover or a carnet (`alias`) counts where its distributor's structure is; one whose
    distributor is not a structure of the registry, in its order's perimeter."""
    return (
        "($1::text[] IS NULL OR CASE WHEN st.code_insee IS NOT NULL "
        "THEN st.code_insee = any($1::text[]) "
        f"ELSE {alias}.commande_id IN (SELECT id FROM commandes_territoire) END)"
    )


# $1 communes (NULL: everywhere), $2 debut, $3 fin, $4 one order (NULL: all).
_BASE = f"""
WITH commandes AS (
    SELECT c.* FROM pass_commandes c WHERE $4::uuid IS NULL OR c.id = $4::uuid
), commandes_territoire AS (
    SELECT c.* FROM commandes c
    WHERE $1::text[] IS NULL OR EXISTS (
        SELECT 1 FROM communes m
        WHERE m.code_insee = any($1::text[])
          AND CASE c.perimetre_niveau WHEN 'region' THEN m.region
                   WHEN 'departement' THEN m.departement WHEN 'epci' THEN m.epci
                   ELSE m.code_insee END = c.perimetre_code)
), remises AS (
    SELECT r.*, {_distributeur("r")}
    FROM pass_remises r JOIN commandes c ON c.id = r.commande_id
    LEFT JOIN structures st ON st.id = r.distributeur_structure_id
    WHERE r.date_remise BETWEEN $2 AND $3 AND {_distribue_dans_le_territoire("r")}
), carnets AS (
    SELECT k.*, c.pass_par_carnet, c.valeur_faciale, {_distributeur("k")},
           (SELECT min(p.date_scan) FROM pass_scans p WHERE p.commande_id = k.commande_id
              AND p.numero_carnet = k.numero AND p.date_scan <= $3) AS premier_scan
    FROM pass_carnets k JOIN commandes c ON c.id = k.commande_id
    LEFT JOIN structures st ON st.id = k.distributeur_structure_id
    WHERE k.date_injection BETWEEN $2 AND $3 AND {_distribue_dans_le_territoire("k")}
), scans AS (
    SELECT p.*, c.valeur_faciale, coalesce(l.nom, '(lieu inconnu)') AS lieu_nom,
           k.beneficiaire_id, k.distributeur_structure_id, {_distributeur("k")}
    FROM pass_scans p JOIN commandes c ON c.id = p.commande_id
    JOIN pass_carnets k ON k.commande_id = p.commande_id AND k.numero = p.numero_carnet
    LEFT JOIN lieux l ON l.id = p.lieu_id
    LEFT JOIN structures st ON st.id = k.distributeur_structure_id
    WHERE p.date_scan BETWEEN $2 AND $3
      AND ($1::text[] IS NULL OR l.code_insee = any($1::text[]))
)
"""

_TOTAUX = """
SELECT
  (SELECT coalesce(sum(nb_carnets), 0) FROM commandes_territoire
     WHERE date_commande BETWEEN $2 AND $3) AS carnets_emis,
  (SELECT coalesce(sum(nb_carnets * pass_par_carnet), 0) FROM commandes_territoire
     WHERE date_commande BETWEEN $2 AND $3) AS pass_emis,
  (SELECT coalesce(sum(nb_carnets::bigint * pass_par_carnet * valeur_faciale), 0)
     FROM commandes_territoire WHERE date_commande BETWEEN $2 AND $3) AS montant_commande,
  (SELECT coalesce(sum(numero_fin - numero_debut + 1), 0) FROM remises) AS carnets_remis,
  (SELECT count(*) FROM carnets) AS carnets_injectes,
  (SELECT coalesce(sum(pass_par_carnet::bigint * valeur_faciale), 0) FROM carnets)
     AS montant_injecte,
  (SELECT count(*) FROM carnets WHERE premier_scan IS NOT NULL) AS carnets_entames,
  (SELECT count(*) FROM scans) AS pass_scannes,
  (SELECT coalesce(sum(valeur_faciale), 0) FROM scans) AS montant_consomme,
  (SELECT count(DISTINCT beneficiaire_id)
          + count(DISTINCT (commande_id, numero_carnet)) FILTER (WHERE beneficiaire_id IS NULL)
     FROM scans) AS beneficiaires_avec_scan,
  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY premier_scan - date_injection)
     FROM carnets WHERE premier_scan IS NOT NULL) AS delai_median_jours,
  (SELECT coalesce(sum(nb_carnets), 0) FROM commandes_territoire
     WHERE date_commande <= $3 AND date_validite >= $2) AS carnets_en_validite,
  (SELECT coalesce(sum(nb_carnets * pass_par_carnet), 0) FROM commandes_territoire
     WHERE date_commande <= $3 AND date_validite >= $2) AS pass_en_validite
"""

_PAR_DISTRIBUTEUR = """
SELECT structure_id, nom, sum(recus) AS recus, sum(injectes) AS injectes,
       sum(scannes) AS scannes
FROM (
    SELECT distributeur_structure_id AS structure_id, distributeur AS nom,
           numero_fin - numero_debut + 1 AS recus, 0 AS injectes, 0 AS scannes FROM remises
    UNION ALL
    SELECT distributeur_structure_id, distributeur, 0, 1, 0 FROM carnets
    UNION ALL
    SELECT distributeur_structure_id, distributeur, 0, 0, 1 FROM scans
) t
GROUP BY structure_id, nom ORDER BY recus DESC, injectes DESC, nom
"""

_PAR_LIEU = """
SELECT lieu_id, lieu_nom, count(*) AS scannes FROM scans
GROUP BY lieu_id, lieu_nom ORDER BY scannes DESC, lieu_nom
"""


async def _indicateurs(
    conn: asyncpg.Connection,
    communes: Sequence[str] | None,
    debut: date,
    fin: date,
    commande_id: UUID | None,
) -> IndicateursPass:
    args = (None if communes is None else list(communes), debut, fin, commande_id)
    totaux = await conn.fetchrow(_BASE + _TOTAUX, *args)
    delai = totaux["delai_median_jours"]
    return IndicateursPass(
        **{k: int(v) for k, v in dict(totaux).items() if k != "delai_median_jours"},
        delai_median_jours=None if delai is None else float(delai),
        par_distributeur=[
            UsageDistributeur(
                structure_id=r["structure_id"],
                nom=r["nom"],
                carnets_recus=int(r["recus"]),
                carnets_injectes=int(r["injectes"]),
                pass_scannes=int(r["scannes"]),
            )
            for r in await conn.fetch(_BASE + _PAR_DISTRIBUTEUR, *args)
        ],
        par_lieu=[
            UsageLieu(lieu_id=r["lieu_id"], nom=r["lieu_nom"], pass_scannes=int(r["scannes"]))
            for r in await conn.fetch(_BASE + _PAR_LIEU, *args)
        ],
    )


async def indicateurs_pass(
    conn: asyncpg.Connection, communes: Sequence[str], debut: date, fin: date
) -> IndicateursPass:
    """The report's figures for the territory (INSEE codes) and the period."""
    return await _indicateurs(conn, communes, debut, fin, None)


async def indicateurs_commande(conn: asyncpg.Connection, commande_id: UUID) -> IndicateursPass:
    """One order's whole life, wherever its pass went (its detail page)."""
    return await _indicateurs(conn, None, *TOUJOURS, commande_id)
