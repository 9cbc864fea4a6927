"""Recording a session: `POST /api/v1/activites` (16 concurrent clients) on the real server
versus a bare eventsourcing `save()` of the same `ActiviteEnregistree` (QUALITY.md: p95 ≤ 25 ms,
throughput ≥ 0.8 × the baseline). The machinery is bench/bench_write.py's.

Each POST is a typical individual session at a registry place: the server authenticates the
mediator, validates the command, reads the place's record, checks every rule, writes the
event with its idempotency receipt and answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import uuid
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec

from bench.bench_write import EMAIL, Cible, run
from bench.common import Result, sur_le_serveur
from domain.activites.events import ActiviteEnregistree, CompteRendu
from domain.beneficiaires.events import Profil
from domain.lieux.commands import RecenserLieu
from mednum.infra.communes import referentiel_communes
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux

_THEMATIQUES = (
    ["email"],
    ["prendre_en_main_du_materiel"],
    ["aide_aux_demarches_administratives", "social_sante"],
    ["sante", "navigation_sur_internet"],
)
_MATERIEL = (["telephone"], ["ordinateur"], ["tablette"])


def _aujourdhui() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Paris")).date()


def preparer(app: Any) -> UUID:
    """The place where the sessions happen (one event, saved with a receipt)."""
    hub = Hub(app, referentiel_communes())
    commande = RecenserLieu(
        command_id=uuid.uuid4(),
        nom="Médiathèque Champollion",
        adresse="14 rue Champollion",
        code_postal="21000",
        code_insee="21231",
        latitude=47.3325,
        longitude=5.0512,
    )
    return Lieux(hub).recenser_lieu(commande, "bench").id


def corps(count: int, seed: int, lieu_id: UUID) -> list[bytes]:
    rng = random.Random(seed)
    return [
        msgspec.json.encode(
            {
                "command_id": str(uuid.uuid4()),
                "type": "individuel",
                "date": _aujourdhui().isoformat(),
                "duree": rng.choice((30, 45, 60)),
                "type_lieu": "lieu_activite",
                "lieu_id": str(lieu_id),
                "materiel": rng.choice(_MATERIEL),
                "thematiques": rng.choice(_THEMATIQUES),
                "autonomie": "partiellement_autonome",
                "profil": {"genre": rng.choice(("feminin", "masculin"))},
            }
        )
        for _ in range(count)
    ]


def evenements(count: int, seed: int, lieu_id: UUID) -> list[ActiviteEnregistree]:
    rng = random.Random(seed)
    maintenant = dt.datetime.now(dt.UTC)
    return [
        ActiviteEnregistree(
            originator_id=uuid.uuid4(),
            originator_version=1,
            timestamp=maintenant,
            auteur=EMAIL,
            mediateur=EMAIL,
            compte_rendu=CompteRendu(
                type="individuel",
                date=_aujourdhui(),
                duree=rng.choice((30, 45, 60)),
                type_lieu="lieu_activite",
                lieu_id=lieu_id,
                materiel=tuple(rng.choice(_MATERIEL)),
                thematiques=tuple(rng.choice(_THEMATIQUES)),
                autonomie="partiellement_autonome",
                profil=Profil(genre=rng.choice(("feminin", "masculin"))),
            ),
        )
        for _ in range(count)
    ]


ACTIVITES = Cible(
    name="write_post_activites",
    path="/api/v1/activites",
    role="mediateur",
    bodies=corps,
    bare=evenements,
    preparer=preparer,
    setup_events=1,
)


def run_activites(server_dsn: str, **options: Any) -> Result:
    return run(server_dsn, cible=ACTIVITES, **options)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args(argv)
    sur_le_serveur(
        run_activites, operations=args.operations, rounds=args.rounds, workers=args.workers
    )


if __name__ == "__main__":
    main()
