"""Orientation never dead-ends, swept over real communes (issue 11): for very different people
and every commune of a région (or every n-th), count the proposals and those without a place,
without a phone among their places, or left with the national line only.

Not a benchmark of speed and not a test (too long for the suite: one search per commune and
person). Run it against a registry, e.g. the demo's:

    .venv/bin/python -m bench.orientation_communes --dsn postgresql://… [--region 27] [--pas 10]

The dedicated e2e and property tests prove the rule; this shows it on real geography.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter

import asyncpg

from domain.orientation import questionnaire as q
from projections.orientation_requetes import Position, rechercher

PERSONNES = {
    "sans appareil, urgent, pour moi": q.Reponses(
        besoin="demarche",
        equipement="sans_equipement",
        aisance="je_ne_sais_pas",
        urgent=True,
        facon="pour_moi",
    ),
    "demandeur d'emploi sourd": q.Reponses(
        besoin="emploi", aisance="seul_parfois", contraintes=["handicap_auditif"]
    ),
    "parle peu le français": q.Reponses(aisance="avec_aide", contraintes=["langue"]),
    "mobilité réduite": q.Reponses(aisance="avec_aide", contraintes=["mobilite_reduite"]),
    "autonome": q.Reponses(aisance="j_aide_les_autres"),
}


async def balayer(dsn: str, region: str, pas: int) -> Counter[str]:
    conn = await asyncpg.connect(dsn)
    try:
        communes = await conn.fetch(
            "SELECT nom, latitude, longitude FROM communes WHERE region = $1 "
            "AND latitude IS NOT NULL ORDER BY code_insee",
            region,
        )
        comptes: Counter[str] = Counter()
        for commune in communes[::pas]:
            position = Position(
                latitude=commune["latitude"], longitude=commune["longitude"], libelle=commune["nom"]
            )
            for reponses in PERSONNES.values():
                for resultat in await rechercher(conn, q.situation(reponses), position):
                    lieux = resultat.lieux + resultat.a_distance
                    comptes["propositions"] += 1
                    comptes["sans lieu"] += not lieux
                    comptes["sans téléphone"] += not any(lieu.telephone for lieu in lieux)
                    comptes["seulement le 3939"] += bool(resultat.recours) and not lieux
            comptes["communes"] += 1
        return comptes
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--region", default="27", help="code INSEE de la région (27 : BFC)")
    parser.add_argument("--pas", type=int, default=1, help="une commune sur PAS")
    args = parser.parse_args()
    comptes = asyncio.run(balayer(args.dsn, args.region, args.pas))
    print(", ".join(f"{cle}: {n}" for cle, n in comptes.items()))


if __name__ == "__main__":
    main()
