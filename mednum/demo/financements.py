"""Demo funds raised and Pass numérique for Bourgogne-Franche-Comté, through the real
commands, over the demo structures, places and people.

Every id and command_id derives from the seed (uuid5) and dates are fixed, so a second run
finds every command in the receipts and creates nothing.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple
from uuid import UUID

from domain.acteurs.state import Structure, fold_structure
from domain.financements.commands import (
    AccorderFinancement,
    DeposerFinancement,
    RefuserFinancement,
)
from domain.lieux.state import Lieu
from domain.lieux.state import fold as fold_lieu
from mednum.demo import acteurs as demo_acteurs
from mednum.demo import mediation as demo_mediation
from mednum.demo.chronologie import au, instant, plus_tard
from mednum.demo.pass_numerique import DERNIER_JOUR, demo_pass
from mednum.services.executeur import Hub
from mednum.services.financements import Financements

DEMO_AUTHOR = demo_acteurs.DEMO_AUTHOR
_NAMESPACE = uuid.UUID("5c2e8a41-7d3b-4f96-b1e0-8a4c6d2f9e17")

# (source, financeur, objet, montant demandé in euros, fonctionnement_hub, fléché)
_DOSSIERS = (
    (
        "banque_des_territoires",
        "Banque des Territoires",
        "Fonctionnement du hub",
        250_000,
        True,
        False,
    ),
    ("etat_anct", "ANCT", "Coordination du hub (France Numérique Ensemble)", 120_000, True, False),
    ("region", "Conseil régional BFC", "Postes de médiateurs numériques", 60_000, False, True),
    (
        "region",
        "Conseil régional BFC",
        "Équipement d'un espace public numérique",
        25_000,
        False,
        False,
    ),
    (
        "departement",
        "Conseil départemental",
        "Permanences numériques en milieu rural",
        18_000,
        False,
        True,
    ),
    ("departement", "Conseil départemental", "Ateliers seniors", 9_500, False, True),
    ("epci", "Communauté de communes", "Bus numérique itinérant", 35_000, False, True),
    ("epci", "Communauté d'agglomération", "Tiers-lieu : animation", 12_000, False, False),
    (
        "fse_feder",
        "FSE+ (Région BFC)",
        "Inclusion numérique des demandeurs d'emploi",
        80_000,
        False,
        True,
    ),
    ("fse_feder", "FEDER", "Tiers-lieu numérique", 150_000, False, False),
    ("prive", "Fondation Orange", "Ateliers parentalité numérique", 15_000, False, True),
    ("prive", "Fondation SFR", "Reconditionnement d'ordinateurs", 8_000, False, False),
    ("etat_anct", "Préfecture (DETR)", "Conseillers numériques : formation", 20_000, False, True),
)
# Share of the demo's applications: granted, refused, still waiting.
_ISSUES = ("accorde",) * 15 + ("refuse",) * 5 + ("depose",) * 5


def _id(*parts: object) -> UUID:
    return uuid.uuid5(_NAMESPACE, "/".join(map(str, parts)))


class Existants(NamedTuple):
    """What the funds and pass go to, each with when the registry recorded it."""

    structures: list[Structure]
    lieux: list[Lieu]
    beneficiaires: list[UUID]
    recenses: dict[UUID, datetime]


def _existants(hub: Hub, lieu_ids: list[UUID], seed: int, personnes: int) -> Existants:
    """The demo structures that exist (demo_acteurs derives their ids the same way), the open
    places, and the first demo people (mednum/demo/mediation.py derives their ids)."""
    recenses: dict[UUID, datetime] = {}

    def lire(record_id: UUID) -> list[Any]:
        events = hub.events(record_id)
        if events:
            recenses[record_id] = events[0].timestamp
        return events

    structures = []
    for index in range(60):
        structure = fold_structure(lire(demo_acteurs._id(seed, "structure", index)))
        if structure is not None and not structure.fermee:
            structures.append(structure)
    lieux = [lieu for i in lieu_ids if (lieu := fold_lieu(lire(i))) is not None and not lieu.ferme]
    ids = [uuid.uuid5(demo_mediation._NAMESPACE, f"personne-{i}") for i in range(personnes)]
    return Existants(structures, lieux, [i for i in ids if lire(i)], recenses)


def demo_financements(hub: Hub, lieu_ids: list[UUID], seed: int = 2026) -> tuple[int, int]:
    """About 25 funding applications and 2 orders of pass; returns (applications, scans).
    Each step is recorded on its business date (never before what it names was recorded)."""
    rng = random.Random(seed)
    existants = _existants(hub, lieu_ids, seed, 400)
    if not existants.structures:
        return 0, 0
    dossiers = _financements(hub, rng, existants)
    scans = demo_pass(
        hub,
        rng,
        existants.structures,
        existants.lieux,
        existants.beneficiaires,
        existants.recenses,
    )
    return dossiers, scans


def _financements(hub: Hub, rng: random.Random, existants: Existants) -> int:
    structures = existants.structures
    recenses = existants.recenses
    # The hub's own structure, for its running costs: the first the registry had.
    porteur = min(structures, key=lambda s: recenses[s.id])
    for index, issue in enumerate(_ISSUES):
        source, financeur, objet, euros, hub_, fleche = _DOSSIERS[index % len(_DOSSIERS)]
        depot = date(2024, 3, 1) + timedelta(days=rng.randint(0, 720))
        if issue != "depose":
            depot = min(depot, DERNIER_JOUR - timedelta(days=120))
        # Applied for by a structure the registry had by then, when there is one.
        connues = [s for s in structures if recenses[s.id] < instant(depot, 11)] or structures
        structure = porteur if hub_ else rng.choice(connues)
        demande = euros * 100 * rng.choice((8, 9, 10, 11, 12)) // 10
        financement_id = _id("financement", index)
        depose = plus_tard(instant(depot, 11), recenses[structure.id] + timedelta(hours=1))
        Financements(au(hub, depose)).deposer(
            DeposerFinancement(
                command_id=_id("financement-cmd", index),
                source=source,
                financeur=financeur
                if "Conseil" not in financeur
                else f"{financeur} ({structure.departement})",
                objet=objet,
                montant_demande=demande,
                structure_id=structure.id,
                date_depot=depot,
                periode_debut=date(depot.year + (depot.month > 9), 1, 1),
                periode_fin=date(depot.year + (depot.month > 9), 12, 31),
                fonctionnement_hub=hub_,
                fleche_accompagnement=fleche,
            ),
            DEMO_AUTHOR,
            financement_id=financement_id,
        )
        decision = depot + timedelta(days=rng.randint(45, 110))
        decide = Financements(
            au(hub, plus_tard(instant(decision, 15), depose + timedelta(hours=1)))
        )
        if issue == "accorde":
            decide.accorder(
                financement_id,
                AccorderFinancement(
                    command_id=_id("financement-decision", index),
                    version=1,
                    montant_accorde=demande * rng.choice((6, 8, 10, 10, 10)) // 10,
                    date_decision=decision,
                ),
                DEMO_AUTHOR,
            )
        elif issue == "refuse":
            decide.refuser(
                financement_id,
                RefuserFinancement(
                    command_id=_id("financement-decision", index),
                    version=1,
                    date_decision=decision,
                    motif=rng.choice(("Enveloppe épuisée", "Hors critères d'éligibilité", "")),
                ),
                DEMO_AUTHOR,
            )
    return len(_ISSUES)
