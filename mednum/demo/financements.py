"""Demo funds raised and Pass numérique for Bourgogne-Franche-Comté, through the real
commands, over the demo structures, places and people.

Every id and command_id derives from the seed (uuid5) and dates are fixed, so a second run
finds every command in the receipts and creates nothing.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from uuid import UUID

from domain.acteurs.state import Structure, fold_structure
from domain.errors import DomainError
from domain.financements.commands import (
    AccorderFinancement,
    DeposerFinancement,
    RefuserFinancement,
)
from domain.lieux.state import Lieu
from domain.pass_numerique.commands import (
    InjecterCarnet,
    PasserCommande,
    RemettreCarnets,
    ScannerPass,
)
from domain.pass_numerique.referentiel import fin_tolerance
from mednum.demo import acteurs as demo_acteurs
from mednum.demo import mediation as demo_mediation
from mednum.services.executeur import Hub
from mednum.services.financements import Financements
from mednum.services.lieux import Lieux
from mednum.services.pass_numerique import PassNumerique

DEMO_AUTHOR = demo_acteurs.DEMO_AUTHOR
_NAMESPACE = uuid.UUID("5c2e8a41-7d3b-4f96-b1e0-8a4c6d2f9e17")
DERNIER_JOUR = date(2026, 6, 30)
"""Nothing in the demo happens after this day: every date stays in the past."""

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


def _structures(hub: Hub, seed: int) -> list[Structure]:
    """The demo structures that exist (demo_acteurs derives their ids the same way)."""
    structures = []
    for index in range(60):
        structure = fold_structure(hub.events(demo_acteurs._id(seed, "structure", index)))
        if structure is not None and not structure.fermee:
            structures.append(structure)
    return structures


def _beneficiaires(hub: Hub, nombre: int) -> list[UUID]:
    ids = [uuid.uuid5(demo_mediation._NAMESPACE, f"personne-{i}") for i in range(nombre)]
    return [i for i in ids if hub.events(i)]


def demo_financements(hub: Hub, lieu_ids: list[UUID], seed: int = 2026) -> tuple[int, int]:
    """About 25 funding applications and 2 orders of pass; returns (applications, scans)."""
    rng = random.Random(seed)
    structures = _structures(hub, seed)
    if not structures:
        return 0, 0
    lieux = [lieu for i in lieu_ids if (lieu := Lieux(hub).lieu(i)) is not None and not lieu.ferme]
    dossiers = _financements(hub, rng, structures)
    scans = _pass(hub, rng, structures, lieux, _beneficiaires(hub, 400))
    return dossiers, scans


def _financements(hub: Hub, rng: random.Random, structures: list[Structure]) -> int:
    service = Financements(hub)
    porteur = structures[0]  # the hub's own structure, for its running costs
    for index, issue in enumerate(_ISSUES):
        source, financeur, objet, euros, hub_, fleche = _DOSSIERS[index % len(_DOSSIERS)]
        structure = porteur if hub_ else rng.choice(structures)
        depot = date(2024, 3, 1) + timedelta(days=rng.randint(0, 720))
        if issue != "depose":
            depot = min(depot, DERNIER_JOUR - timedelta(days=120))
        demande = euros * 100 * rng.choice((8, 9, 10, 11, 12)) // 10
        financement_id = _id("financement", index)
        service.deposer(
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
        if issue == "accorde":
            service.accorder(
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
            service.refuser(
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


def _pass(
    hub: Hub,
    rng: random.Random,
    structures: list[Structure],
    lieux: list[Lieu],
    beneficiaires: list[UUID],
) -> int:
    departements = sorted({s.departement for s in structures})
    # The département with the most demo structures orders its own pass in 2026.
    principal = max(departements, key=lambda d: sum(s.departement == d for s in structures))
    commandes = (
        ("Région Bourgogne-Franche-Comté", "region", "27", date(2025, 2, 3), 200, None),
        (
            f"Conseil départemental ({principal})",
            "departement",
            principal,
            date(2026, 1, 12),
            120,
            principal,
        ),
    )
    scans = 0
    for rang, (commanditaire, niveau, code, jour, nb, departement) in enumerate(commandes):
        scans += _commande(
            hub,
            rng,
            rang,
            (commanditaire, niveau, code, jour, nb),
            [s for s in structures if departement in (None, s.departement)],
            [lieu for lieu in lieux if departement in (None, lieu.departement)],
            beneficiaires,
        )
    return scans


def _commande(
    hub: Hub,
    rng: random.Random,
    rang: int,
    commande: tuple[str, str, str, date, int],
    distributeurs: list[Structure],
    lieux: list[Lieu],
    beneficiaires: list[UUID],
) -> int:
    service = PassNumerique(hub)
    commanditaire, niveau, code, jour, nb_carnets = commande
    commande_id = _id("commande", rang)
    service.passer_commande(
        PasserCommande(
            command_id=_id("commande-cmd", rang),
            commanditaire=commanditaire,
            perimetre_niveau=niveau,
            perimetre_code=code,
            date_commande=jour,
            nb_carnets=nb_carnets,
        ),
        DEMO_AUTHOR,
        commande_id=commande_id,
    )
    fin_scans = min(fin_tolerance(date(jour.year, 12, 31)), DERNIER_JOUR)
    # Carnets go out in ranges of 15 to 40, to 4 or 5 structures and one CAF known by name.
    debut, tranche = 1, 0
    choisis = rng.sample(distributeurs, k=min(4, len(distributeurs)))
    qui: list[tuple[UUID | None, str | None]] = [(s.id, None) for s in choisis]
    qui.append((None, "CAF (accueil du public)"))
    scans = 0
    while debut <= nb_carnets:
        fin = min(nb_carnets, debut + rng.randint(15, 40) - 1)
        structure_id, nom = qui[tranche % len(qui)]
        remise = jour + timedelta(days=rng.randint(7, 30))
        service.remettre_carnets(
            commande_id,
            RemettreCarnets(
                command_id=_id("remise", rang, debut),
                numero_debut=debut,
                numero_fin=fin,
                distributeur_structure_id=structure_id,
                distributeur_nom=nom,
                date_remise=remise,
            ),
            DEMO_AUTHOR,
        )
        for numero in range(debut, fin + 1):
            scans += _carnet(
                service, rng, commande_id, rang, numero, remise, fin_scans, lieux, beneficiaires
            )
        debut, tranche = fin + 1, tranche + 1
    return scans


def _carnet(
    service: PassNumerique,
    rng: random.Random,
    commande_id: UUID,
    rang: int,
    numero: int,
    remise: date,
    fin_scans: date,
    lieux: list[Lieu],
    beneficiaires: list[UUID],
) -> int:
    if rng.random() > 0.85 or not lieux:  # never given out
        return 0
    injection = remise + timedelta(days=rng.randint(3, 120))
    if injection > fin_scans:
        return 0
    service.injecter_carnet(
        commande_id,
        InjecterCarnet(
            command_id=_id("injection", rang, numero),
            numero_carnet=numero,
            date_injection=injection,
            beneficiaire_id=rng.choice(beneficiaires)
            if beneficiaires and rng.random() < 0.7
            else None,
        ),
        DEMO_AUTHOR,
    )
    if rng.random() < 0.1:  # given, never used
        return 0
    lieu = rng.choice(lieux)
    jour = injection + timedelta(days=rng.randint(1, 25))
    scans = 0
    for numero_pass in range(1, rng.randint(2, 10) + 1):
        if jour > fin_scans:
            break
        try:
            service.scanner_pass(
                commande_id,
                ScannerPass(
                    command_id=_id("scan", rang, numero, numero_pass),
                    numero_carnet=numero,
                    numero_pass=numero_pass,
                    lieu_id=lieu.id if rng.random() < 0.8 else rng.choice(lieux).id,
                    date_scan=jour,
                    service=rng.choice(
                        (
                            "Atelier courriel",
                            "Démarches en ligne",
                            "Prise en main du smartphone",
                            None,
                        )
                    ),
                ),
                DEMO_AUTHOR,
            )
        except DomainError:
            break
        scans += 1
        jour += timedelta(days=rng.randint(5, 14))
    return scans
