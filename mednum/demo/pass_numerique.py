"""Demo Pass numérique: two orders (the Région's in 2025, a département's in 2026), their
carnets given out to structures and people, and the pass scanned at places, through the real
commands.

An order is one record: its steps (ranges handed to distributors, carnets given to people,
pass scanned) are drawn first, then recorded in the order of their dates, each on its day, so
that the order's events carry increasing, realistic timestamps. A carnet goes to a person and
is scanned at a place the registry had by then. Ids and command ids are uuid5 of fixed names
and dates are fixed: a second run finds every command in the receipts.
"""

from __future__ import annotations

import functools
import random
import uuid
from datetime import date, datetime, timedelta
from uuid import UUID

from domain.acteurs.state import Structure
from domain.errors import DomainError
from domain.lieux.state import Lieu
from domain.pass_numerique.commands import (
    InjecterCarnet,
    PasserCommande,
    RemettreCarnets,
    ScannerPass,
)
from domain.pass_numerique.referentiel import fin_tolerance
from mednum.demo.chronologie import Chronologie, au, instant, plus_tard
from mednum.services.executeur import Hub
from mednum.services.pass_numerique import PassNumerique

DEMO_AUTHOR = "demo@mednum"
_NAMESPACE = uuid.UUID("5c2e8a41-7d3b-4f96-b1e0-8a4c6d2f9e17")  # the funds' one, as before
DERNIER_JOUR = date(2026, 6, 30)
"""Nothing in the demo's funds and pass happens after this day."""
_SERVICES = ("Atelier courriel", "Démarches en ligne", "Prise en main du smartphone", None)


def _id(*parts: object) -> UUID:
    return uuid.uuid5(_NAMESPACE, "/".join(map(str, parts)))


def demo_pass(
    hub: Hub,
    rng: random.Random,
    structures: list[Structure],
    lieux: list[Lieu],
    beneficiaires: list[UUID],
    recenses: dict[UUID, datetime],
) -> int:
    """The two orders; returns how many pass were scanned. `recenses`: when each structure,
    place and person was recorded."""
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
        commande = _Commande(hub, rng, rang, recenses)
        scans += commande.passer(
            (commanditaire, niveau, code, jour, nb),
            [s for s in structures if departement in (None, s.departement)],
            [lieu for lieu in lieux if departement in (None, lieu.departement)],
            beneficiaires,
        )
    return scans


class _Commande:
    def __init__(
        self, hub: Hub, rng: random.Random, rang: int, recenses: dict[UUID, datetime]
    ) -> None:
        self.hub, self.rng, self.rang, self.recenses = hub, rng, rang, recenses
        self.id = _id("commande", rang)
        self.scans = 0
        self.echoues: set[int] = set()  # carnets whose scans stopped (a refused scan)

    def passer(
        self,
        commande: tuple[str, str, str, date, int],
        distributeurs: list[Structure],
        lieux: list[Lieu],
        beneficiaires: list[UUID],
    ) -> int:
        commanditaire, niveau, code, jour, nb_carnets = commande
        passee = instant(jour, 11)
        PassNumerique(au(self.hub, passee)).passer_commande(
            PasserCommande(
                command_id=_id("commande-cmd", self.rang),
                commanditaire=commanditaire,
                perimetre_niveau=niveau,
                perimetre_code=code,
                date_commande=jour,
                nb_carnets=nb_carnets,
            ),
            DEMO_AUTHOR,
            commande_id=self.id,
        )
        self.etapes = Chronologie(self.hub, passee)
        fin_scans = min(fin_tolerance(date(jour.year, 12, 31)), DERNIER_JOUR)
        # Carnets go out in ranges of 15 to 40, to 4 or 5 structures and one CAF known by name.
        debut, tranche = 1, 0
        # Structures the registry had when the order came, when there are enough.
        connues = [s for s in distributeurs if self.recenses[s.id] < passee]
        connues = connues if len(connues) >= 4 else distributeurs
        choisis = self.rng.sample(connues, k=min(4, len(connues)))
        qui: list[tuple[UUID | None, str | None]] = [(s.id, None) for s in choisis]
        qui.append((None, "CAF (accueil du public)"))
        while debut <= nb_carnets:
            fin = min(nb_carnets, debut + self.rng.randint(15, 40) - 1)
            structure_id, nom = qui[tranche % len(qui)]
            remise = jour + timedelta(days=self.rng.randint(7, 30))
            commande_remise = RemettreCarnets(
                command_id=_id("remise", self.rang, debut),
                numero_debut=debut,
                numero_fin=fin,
                distributeur_structure_id=structure_id,
                distributeur_nom=nom,
                date_remise=remise,
            )
            # Never before the structure it goes to was recorded (the CAF is named only).
            distributeur = self.recenses.get(structure_id) if structure_id else None
            remise_le = plus_tard(instant(remise, 10), distributeur)
            self.etapes.ajouter(remise_le, functools.partial(self._remettre, commande_remise))
            for numero in range(debut, fin + 1):
                self._carnet(numero, (remise, remise_le), fin_scans, lieux, beneficiaires)
            debut, tranche = fin + 1, tranche + 1
        self.etapes.derouler()
        return self.scans

    def _carnet(
        self,
        numero: int,
        remise: tuple[date, datetime],
        fin_scans: date,
        lieux: list[Lieu],
        beneficiaires: list[UUID],
    ) -> None:
        rng = self.rng
        if rng.random() > 0.85 or not lieux:  # never given out
            return
        injection = remise[0] + timedelta(days=rng.randint(3, 120))
        if injection > fin_scans:
            return
        # Steps of one carnet never before the step they follow (its range handed over later
        # than its date, when the distributor was recorded later).
        donne = plus_tard(instant(injection, 14), remise[1])
        connues = [b for b in beneficiaires if self.recenses[b] < donne]
        commande_injection = InjecterCarnet(
            command_id=_id("injection", self.rang, numero),
            numero_carnet=numero,
            date_injection=injection,
            beneficiaire_id=rng.choice(connues) if connues and rng.random() < 0.7 else None,
        )
        self.etapes.ajouter(donne, functools.partial(self._injecter, commande_injection))
        if rng.random() < 0.1:  # given, never used
            return
        ouverts = [lieu for lieu in lieux if self.recenses[lieu.id] < donne] or lieux
        lieu = rng.choice(ouverts)
        jour = injection + timedelta(days=rng.randint(1, 25))
        for numero_pass in range(1, rng.randint(2, 10) + 1):
            if jour > fin_scans:
                break
            scan = ScannerPass(
                command_id=_id("scan", self.rang, numero, numero_pass),
                numero_carnet=numero,
                numero_pass=numero_pass,
                lieu_id=lieu.id if rng.random() < 0.8 else rng.choice(ouverts).id,
                date_scan=jour,
                service=rng.choice(_SERVICES),
            )
            self.etapes.ajouter(
                plus_tard(instant(jour, 16), donne), functools.partial(self._scanner, scan)
            )
            jour += timedelta(days=rng.randint(5, 14))

    def _remettre(self, commande: RemettreCarnets, hub: Hub) -> None:
        PassNumerique(hub).remettre_carnets(self.id, commande, DEMO_AUTHOR)

    def _injecter(self, commande: InjecterCarnet, hub: Hub) -> None:
        PassNumerique(hub).injecter_carnet(self.id, commande, DEMO_AUTHOR)

    def _scanner(self, scan: ScannerPass, hub: Hub) -> None:
        if scan.numero_carnet in self.echoues:
            return
        try:
            PassNumerique(hub).scanner_pass(self.id, scan, DEMO_AUTHOR)
        except DomainError:
            self.echoues.add(scan.numero_carnet)
            return
        self.scans += 1
