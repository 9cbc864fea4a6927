"""Mission 2 indicators on funds raised (M2.1 fonds levés, M2.2 taux de succès, M2.3 effet
levier) and the earmarked funds of M4.14, for a territory and a period. Amounts in centimes.

A funding application counts for the territory when its beneficiary structure's commune is
in it; for the period when its decision date (granted or refused) falls in [debut, fin], or
when it was filed in the period and not yet decided at its end (awaiting a decision then,
whatever happened since).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

import asyncpg
import msgspec

from domain.financements.referentiel import SOURCES


class FinancementsStructure(msgspec.Struct, frozen=True, kw_only=True):
    """Funds granted to one beneficiary structure in the period (M2.1 by structure)."""

    structure_id: UUID
    nom: str
    code_insee: str
    nb_accordes: int
    montant_accorde: int
    """Σ montant accordé, centimes."""


class IndicateursFinancement(msgspec.Struct, frozen=True, kw_only=True):
    """Funds raised for the territory's structures in the period. Amounts in centimes.

    - nb_deposes / montant_demande: applications counted (decided in the period, or filed in
      it and still awaiting a decision) and Σ of the amounts they asked for.
    - nb_en_attente / montant_en_attente: of those, awaiting a decision (Σ asked).
    - nb_accordes / montant_accorde: granted in the period, Σ granted (M2.1 « fonds levés »).
    - montant_demande_accordes: Σ asked by the granted ones (for the € success rate).
    - nb_refuses / montant_refuse: refused in the period, Σ they asked for.
    - accorde_par_source / nb_accordes_par_source: granted by source, every key of
      domain.financements.referentiel.SOURCES present (0 when none).
    - accorde_fonctionnement_hub: granted for the hub's own running costs (M2.3 denominator).
    - accorde_fleche_accompagnement: granted and earmarked for accompanying people (M4.14).
    - par_structure: granted by beneficiary structure, largest first.
    """

    nb_deposes: int
    montant_demande: int
    nb_en_attente: int
    montant_en_attente: int
    nb_accordes: int
    montant_accorde: int
    montant_demande_accordes: int
    nb_refuses: int
    montant_refuse: int
    accorde_par_source: dict[str, int]
    nb_accordes_par_source: dict[str, int]
    accorde_fonctionnement_hub: int
    accorde_fleche_accompagnement: int
    par_structure: list[FinancementsStructure]

    @property
    def taux_succes(self) -> float | None:
        """M2.2 in count: granted / decided (None when nothing was decided)."""
        decides = self.nb_accordes + self.nb_refuses
        return self.nb_accordes / decides if decides else None

    @property
    def taux_succes_montant(self) -> float | None:
        """M2.2 in €: granted / asked by the decided applications."""
        demande = self.montant_demande_accordes + self.montant_refuse
        return self.montant_accorde / demande if demande else None

    @property
    def effet_levier(self) -> float | None:
        """M2.3: € raised for the territory's structures per € of the hub's running costs."""
        if not self.accorde_fonctionnement_hub:
            return None
        return (
            self.montant_accorde - self.accorde_fonctionnement_hub
        ) / self.accorde_fonctionnement_hub


# The applications counted for the territory and the period ($1 communes, $2 debut, $3 fin),
# with their status as it stood at the end of the period (`statut_fin`): an application filed
# in the period and decided after it was awaiting a decision then, and stays so in that
# period's figures once decided (as-of semantics, issue 13).
_RETENUS = """
    WITH retenus AS (
        SELECT f.*, s.nom AS structure_nom, s.code_insee,
               CASE WHEN f.date_decision <= $3 THEN f.statut ELSE 'depose' END AS statut_fin
        FROM financements f JOIN structures s ON s.id = f.structure_id
        WHERE s.code_insee = any($1::text[])
          AND (f.date_decision BETWEEN $2 AND $3
               OR (f.date_depot BETWEEN $2 AND $3
                   AND (f.date_decision IS NULL OR f.date_decision > $3)))
    )
"""


async def indicateurs_financement(
    conn: asyncpg.Connection, communes: Sequence[str], debut: date, fin: date
) -> IndicateursFinancement:
    args = (list(communes), debut, fin)
    totaux = await conn.fetchrow(
        _RETENUS
        + """
        SELECT count(*) AS nb_deposes,
               coalesce(sum(montant_demande), 0) AS montant_demande,
               count(*) FILTER (WHERE statut_fin = 'depose') AS nb_en_attente,
               coalesce(sum(montant_demande) FILTER (WHERE statut_fin = 'depose'), 0)
                   AS montant_en_attente,
               count(*) FILTER (WHERE statut_fin = 'accorde') AS nb_accordes,
               coalesce(sum(montant_accorde) FILTER (WHERE statut_fin = 'accorde'), 0)
                   AS montant_accorde,
               coalesce(sum(montant_demande) FILTER (WHERE statut_fin = 'accorde'), 0)
                   AS montant_demande_accordes,
               count(*) FILTER (WHERE statut_fin = 'refuse') AS nb_refuses,
               coalesce(sum(montant_demande) FILTER (WHERE statut_fin = 'refuse'), 0)
                   AS montant_refuse,
               coalesce(sum(montant_accorde)
                   FILTER (WHERE statut_fin = 'accorde' AND fonctionnement_hub), 0)
                   AS accorde_fonctionnement_hub,
               coalesce(sum(montant_accorde)
                   FILTER (WHERE statut_fin = 'accorde' AND fleche_accompagnement), 0)
                   AS accorde_fleche_accompagnement
        FROM retenus
        """,
        *args,
    )
    par_source = {
        r["source"]: (int(r["montant"]), int(r["nb"]))
        for r in await conn.fetch(
            _RETENUS
            + "SELECT source, sum(montant_accorde) AS montant, count(*) AS nb FROM retenus "
            "WHERE statut_fin = 'accorde' GROUP BY source",
            *args,
        )
    }
    par_structure = [
        FinancementsStructure(
            structure_id=r["structure_id"],
            nom=r["structure_nom"],
            code_insee=r["code_insee"],
            nb_accordes=int(r["nb"]),
            montant_accorde=int(r["montant"]),
        )
        for r in await conn.fetch(
            _RETENUS + "SELECT structure_id, structure_nom, code_insee, count(*) AS nb, "
            "sum(montant_accorde) AS montant FROM retenus WHERE statut_fin = 'accorde' "
            "GROUP BY 1, 2, 3 ORDER BY montant DESC, structure_nom",
            *args,
        )
    ]
    return IndicateursFinancement(
        **{k: int(v) for k, v in dict(totaux).items()},
        accorde_par_source={s: par_source.get(s, (0, 0))[0] for s in SOURCES},
        nb_accordes_par_source={s: par_source.get(s, (0, 0))[1] for s in SOURCES},
        par_structure=par_structure,
    )
