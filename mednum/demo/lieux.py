"""`mednum demo`: a realistic Bourgogne-Franche-Comté registry, through the real commands."""

from __future__ import annotations

import functools
import random
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any, Protocol

import msgspec

from domain.base import Contexte, Evenement
from domain.lieux.commands import RecenserLieu, VerifierLieu
from domain.lieux.historique import AUTEUR_DEMO
from domain.lieux.referentiel import SERVICES
from mednum.demo.acteurs import demo_acteurs
from mednum.demo.chronologie import PARIS, au, instant
from mednum.demo.financements import demo_financements
from mednum.demo.formations import demo_formations
from mednum.demo.lieux_details import details
from mednum.demo.lieux_histoire import HistoireLieu, doublon_recense, evenements, histoire
from mednum.demo.mediation import load_demo_mediation
from mednum.infra.communes import Commune, ReferentielCommunes
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux

REGION_BFC = "27"
DEMO_AUTHOR = AUTEUR_DEMO
# Fixed ids make a second `mednum demo` a no-op: every command is found in the receipts.
_NAMESPACE = uuid.UUID("6b1d3c9e-2f4a-4c1e-9a57-0d5c7e8f9a10")

_TYPES = (
    ("Médiathèque {commune}", 5),
    ("France Services {commune}", 4),
    ("Espace public numérique de {commune}", 3),
    ("Centre social {quartier}", 3),
    ("Mairie de {commune} – point numérique", 2),
    ("CCAS de {commune}", 2),
    ("Tiers-lieu {tiers}", 2),
    ("Bibliothèque municipale de {commune}", 2),
    ("PIMMS Médiation {commune}", 1),
    ("Maison de quartier {quartier}", 1),
    ("Emmaüs Connect {commune}", 1),
)
_QUARTIERS = (
    "des Grésilles",
    "du Centre",
    "Fontaine d'Ouche",
    "les Planoise",
    "du Mail",
    "de la Gare",
    "des Tilleuls",
    "Saint-Jean",
    "du Champ-de-Foire",
    "Pierre-Mendès-France",
)
_TIERS = (
    "La Fabrique",
    "Le Bocal",
    "L'Atelier partagé",
    "La Coopérative",
    "Le Hangar",
    "La Ruche numérique",
    "Le Quai",
)
VOIES = (
    "rue de la République",
    "place de la Mairie",
    "avenue Jean-Jaurès",
    "rue Victor-Hugo",
    "rue Pasteur",
    "Grande Rue",
    "rue de l'Église",
    "place du Marché",
    "rue des Écoles",
    "boulevard Gambetta",
    "rue du Général-de-Gaulle",
    "chemin des Vignes",
)
HORAIRES = (
    "Mo-Fr 09:00-12:00,14:00-17:30",
    "Tu-Sa 10:00-12:30,14:00-18:00",
    "Mo,We,Fr 14:00-18:00",
    "Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00",
    "Tu 14:00-19:00; We 10:00-12:00,14:00-18:00; Sa 10:00-17:00",
    "Mo-Fr 08:30-17:00; Sa 09:00-12:00",
    "We 14:00-17:00; Sa 09:30-12:00",
)
_SERVICE_WEIGHTS = (9, 10, 5, 6, 3, 4, 5, 6, 2)
# « de Auxerre » is written « d'Auxerre » in French.
_ELISION = re.compile(r"\bde ([AEIOUYÉÈÊÂÎÔ][a-zéèêëïîôûù])")


def demo_commands(
    communes: ReferentielCommunes, count: int = 300, seed: int = 2026
) -> Iterator[RecenserLieu]:
    rng = random.Random(seed)
    candidates = [
        c for c in communes if c.region == REGION_BFC and c.latitude is not None and c.codes_postaux
    ]
    # Bigger communes have more places, but every département gets some.
    weights = [max(c.population, 300) ** 0.6 for c in candidates]
    for index in range(count):
        commune = rng.choices(candidates, weights=weights)[0]
        yield _place(rng, commune, index, seed)


def _place(rng: random.Random, commune: Commune, index: int, seed: int) -> RecenserLieu:
    template = rng.choices([t for t, _ in _TYPES], weights=[w for _, w in _TYPES])[0]
    nom = template.format(
        commune=commune.nom, quartier=rng.choice(_QUARTIERS), tiers=rng.choice(_TIERS)
    )
    nom = _ELISION.sub(r"d'\1", nom).replace("de Le ", "du ").replace("de Les ", "des ")
    services = sorted(
        set(rng.choices(SERVICES, weights=_SERVICE_WEIGHTS, k=rng.randint(1, 4))),
        key=SERVICES.index,
    )
    assert commune.latitude is not None and commune.longitude is not None
    # Drawn in this order since the first demo: keep it, or every place moves.
    adresse = f"{rng.randint(1, 60)} {rng.choice(VOIES)}"
    latitude = round(commune.latitude + rng.uniform(-0.012, 0.012), 6)
    longitude = round(commune.longitude + rng.uniform(-0.016, 0.016), 6)
    horaires = rng.choice(HORAIRES) if rng.random() < 0.9 else None
    return RecenserLieu(
        command_id=uuid.uuid5(_NAMESPACE, str(index)),
        nom=nom,
        adresse=adresse,
        code_postal=commune.codes_postaux[0],
        code_insee=commune.code_insee,
        latitude=latitude,
        longitude=longitude,
        horaires=horaires,
        **details(index, nom, commune.departement, list(services), seed),
    )


def doublons_demo(
    communes: ReferentielCommunes, count: int, seed: int = 2026
) -> Iterator[tuple[int, RecenserLieu]]:
    """A few places recorded a second time by another source, with a variant of their name
    and address, for the coordinators' duplicate queue: (the original's index, the command)."""
    for index, original in enumerate(demo_commands(communes, count, seed)):
        if index % 40 != 7:
            continue
        yield (
            index,
            msgspec.structs.replace(
                original,
                command_id=uuid.uuid5(_NAMESPACE, f"doublon-{index}"),
                nom=_sans_accents(original.nom).upper(),
                adresse=original.adresse.replace(" ", ", ", 1),
                latitude=round(original.latitude + 0.0002, 6),
                longitude=round(original.longitude - 0.0002, 6),
                telephone="03 80 " + f"{index:02d} 10 20"[-8:],
            ),
        )


def _sans_accents(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()


def load_demo(
    hub: Hub, count: int = 300, progress: Callable[[int], None] | None = None, seed: int = 2026
) -> tuple[list[uuid.UUID], int]:
    """Register the demo places: (their ids, how many were new: 0 when already loaded).

    Each is recorded, confirmed and maybe closed on the past days its history says
    (mednum/demo/lieux_histoire.py): one place in nine was recorded 13 to 30 months ago and
    never verified since, so that the coordinators' list of records to verify has something
    in it; a few duplicates come from a second source weeks after the original."""
    maintenant = hub.clock()
    jour = maintenant.astimezone(PARIS).date()

    def le(jours: int, rang: int) -> datetime:
        return min(instant(jour - timedelta(days=jours), 9 + rang % 9), maintenant)

    ids, created, histoires = [], 0, {}
    for done, command in enumerate(demo_commands(hub.communes, count, seed), start=1):
        h = histoires[done - 1] = histoire(done, seed)
        lieu_id = uuid.uuid4()
        # As Lieux.recenser_lieu does, but the place's whole past in the one transaction of
        # its recording (a second run finds the recording's receipt).
        passe = _passe(hub, command, lieu_id, h, functools.partial(le, rang=done))
        resultat = hub.executer(command, lieu_id, passe, DEMO_AUTHOR, creation=True)
        ids.append(resultat.id)
        created += not resultat.rejoue
        if progress is not None:
            progress(done)
    for index, command in doublons_demo(hub.communes, count, seed):
        lieux = Lieux(au(hub, le(doublon_recense(histoires[index], index), index)))
        created += not lieux.recenser_lieu(command, "import:cartographie-nationale").rejoue
    return ids, created


def _passe(
    hub: Hub,
    command: RecenserLieu,
    lieu_id: uuid.UUID,
    h: HistoireLieu,
    le: Callable[[int], datetime],
) -> Callable[[list[Any], Contexte], list[Evenement]]:
    """What `executer` decides for a demo place: its recording and its past."""

    def decide(_events: list[Any], _ctx: Contexte) -> list[Evenement]:
        return evenements(lieu_id, command, hub.communes.ref(command.code_insee), h, le)

    return decide


class Etapes(Protocol):
    """How the caller shows progress: a callback per step, given the step's label and size."""

    def __call__(self, libelle: str, total: int | None) -> Callable[[int], None]: ...


class DemoChargee(msgspec.Struct, frozen=True, kw_only=True):
    fiches_creees: int
    aidants: int
    evenements_mediation: int


def _confirmer_un_lieu_aujourdhui(hub: Hub, lieu_ids: list[uuid.UUID]) -> None:
    """The last event of the demo happens now, as a coordinator's confirmation: reports say
    their data stands « arrêtées au » their last event's instant, and the steps before are
    back-dated (a Pass scan of last June would otherwise date the whole demo)."""
    service = Lieux(hub)
    for lieu_id in lieu_ids:
        lieu = service.lieu(lieu_id)
        if lieu is not None and not lieu.ferme and lieu.fusionne_dans is None:
            commande = VerifierLieu(
                command_id=uuid.uuid5(lieu_id, "demo-confirmation"), version=lieu.version
            )
            service.verifier_lieu(lieu_id, commande, AUTEUR_DEMO)
            return


def charger_demo(hub: Hub, lieux: int, etape: Etapes) -> DemoChargee:
    """The whole demo: places, structures and aidants, their trainings, then two years of
    mediation (people, activities, diagnostics). Each step is idempotent."""
    lieu_ids, creees = load_demo(hub, lieux, etape("Lieux de démonstration", lieux))
    aidant_ids = demo_acteurs(hub, lieu_ids, progress=etape("Structures et aidants", 400))
    demo_formations(hub, aidant_ids, lieu_ids)
    etape("Formations des aidants", 1)(1)
    evenements, _ = load_demo_mediation(
        hub, lieu_ids, progress=etape("Deux ans de médiation (événements)", 65_000)
    )
    demo_financements(hub, lieu_ids)  # after the people: pass carnets go to them
    if creees:  # a first load (a second one records nothing)
        _confirmer_un_lieu_aujourdhui(hub, lieu_ids)
    return DemoChargee(
        fiches_creees=creees, aidants=len(aidant_ids), evenements_mediation=evenements
    )
