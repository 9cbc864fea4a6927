"""Demo structures and aidants over the demo places, through the real commands.

Every id and command_id derives from the seed and an index (uuid5), so running it again
finds every command in the receipts and creates nothing.
"""

from __future__ import annotations

import contextlib
import random
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import NamedTuple
from uuid import UUID

from stdnum import luhn

from domain.acteurs.commands import (
    AffilierAidant,
    DesactiverAidant,
    EnregistrerAidant,
    EnregistrerQualification,
    RecenserStructure,
    TerminerAffiliation,
)
from domain.acteurs.referentiel import LIBELLES_LABEL
from domain.errors import DomainError
from domain.lieux.state import Lieu
from domain.lieux.state import fold as fold_lieu
from mednum.demo.chronologie import Chronologie, au, instant, plus_tard
from mednum.services.acteurs import Acteurs
from mednum.services.executeur import Hub, Resultat

DEMO_AUTHOR = "demo@mednum"
_NAMESPACE = uuid.UUID("3f0a7d2e-5b1c-4e8f-a9d6-2c4b6e8f0a13")
JOUR_DE_REFERENCE = date(2026, 9, 1)

# (name template, Aidants Connect type, weight)
_STRUCTURES = (
    ("Centre social de {commune}", "Centres sociaux", 8),
    ("Médiathèque de {commune}", "Bibliothèque / Médiathèque", 7),
    ("Commune de {commune}", "Municipalités", 7),
    ("CCAS de {commune}", "CCAS", 6),
    ("France Services {commune}", "Réseau France Services", 6),
    ("Association Numérique pour tous {commune}", "Associations", 6),
    ("Communauté de communes du pays de {commune}", "Communautés de Commune", 3),
    ("Mission locale de {commune}", "Mission Locale", 3),
    ("Tiers-lieu La Fabrique de {commune}", "Tiers-lieu", 3),
    ("PIMMS Médiation {commune}", "PIMMS", 2),
    ("MJC de {commune}", "Maison des jeunes et de la culture", 2),
    ("Maison de quartier de {commune}", "Maison de quartier", 1),
    ("UDAF", "UDAF", 1),
)
_TYPES_AIDANT = (
    ("conseiller_numerique", 34),
    ("mediateur_numerique_salarie", 22),
    ("agent_france_services", 12),
    ("travailleur_social", 10),
    ("agent_accueil", 9),
    ("benevole", 9),
    ("service_civique", 4),
)
PRENOMS = tuple(
    """Camille Léa Manon Chloé Emma Inès Sarah Julie Laura Claire Pauline Marie Anaïs Céline
    Nathalie Sophie Isabelle Sandrine Élodie Mélanie Aurélie Lucie Margaux Jeanne Louise
    Thomas Lucas Hugo Nicolas Julien Maxime Antoine Alexandre Romain Kevin Mathieu Olivier
    Sébastien David Pierre Jérôme Karim Mehdi Yanis Samir Rachid Moussa Dominique Sacha""".split()  # noqa: SIM905
)
NOMS = tuple(
    """Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel
    Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert
    Fontaine Rousseau Vincent Muller Lefèvre Faure André Mercier Blanc Guérin Boyer
    Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas
    Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël
    Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier
    Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger
    Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey
    Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert
    Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher
    Fleury Royer Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault
    Charpentier Ménard Maillard Baron Bertin Bailly Hervé Schneider Fernandez Collet Léger
    Bouvier Julien Prévost Millet Perrot Daniel Cousin Germain Breton Besson Langlois Rémy
    Pelletier Lévêque Perrier Leblanc Barré Lebrun""".split()  # noqa: SIM905
)


def _siret(rng: random.Random) -> str:
    """A random SIRET: its SIREN (first 9 digits) and the whole number hold their Luhn key.
    Draws 13 digits, as it always did, so the rest of the demo stays the same."""
    corps = "".join(str(rng.randint(0, 9)) for _ in range(13))
    siren = corps[:8] + luhn.calc_check_digit(corps[:8])
    debut = siren + corps[9:]
    return debut + luhn.calc_check_digit(debut)


def _id(*parts: object) -> UUID:
    return uuid.uuid5(_NAMESPACE, "/".join(map(str, parts)))


def demo_acteurs(
    hub: Hub,
    lieu_ids: list[UUID],
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
    *,
    nb_structures: int = 60,
    nb_aidants: int = 400,
) -> list[UUID]:
    """About 60 structures running the given places and 400 aidants with affiliations,
    places and qualifications (fewer for a test). Returns the aidant ids."""
    rng = random.Random(seed)
    # Dates count back from a fixed day, not from today: the same commands on any day, so
    # their receipts still match.
    aujourdhui = JOUR_DE_REFERENCE
    lieux: list[Lieu] = []
    recenses: dict[UUID, datetime] = {}
    for lieu_id in lieu_ids:
        events = hub.events(lieu_id)
        lieu = fold_lieu(events)
        if lieu is not None and not lieu.ferme:
            lieux.append(lieu)
            recenses[lieu_id] = events[0].timestamp
    if not lieux:
        return []
    structures = _structures(hub, rng, lieux, recenses, seed, nb_structures)
    aidants: list[UUID] = []
    for index in range(nb_aidants):
        aidants.append(_aidant(hub, rng, structures, seed, index, aujourdhui))
        if progress is not None:
            progress(index + 1)
    return aidants


class _Structure(NamedTuple):
    id: UUID
    lieux: tuple[UUID, ...]
    recensee: datetime


def _structures(
    hub: Hub,
    rng: random.Random,
    lieux: list[Lieu],
    recenses: dict[UUID, datetime],
    seed: int,
    nombre: int,
) -> list[_Structure]:
    """~60 structures, each in the commune of one or a few places it runs, recorded a few
    days to two weeks after the last of its places."""
    rng.shuffle(lieux)
    structures: list[_Structure] = []
    noms: set[str] = set()
    position = 0
    for index in range(nombre):
        if position >= len(lieux):
            position = 0
        premier = lieux[position]
        memes = [lieu for lieu in lieux if lieu.code_insee == premier.code_insee]
        portes = tuple(dict.fromkeys(lieu.id for lieu in memes[: rng.randint(1, 3)]))
        position += 1
        gabarit, type_structure, _ = rng.choices(_STRUCTURES, weights=[w for *_, w in _STRUCTURES])[
            0
        ]
        nom = gabarit.format(commune=premier.commune)
        if nom in noms:
            nom = f"{nom} ({index + 1})"
        noms.add(nom)
        structure_id = _id(seed, "structure", index)
        commande = RecenserStructure(
            command_id=_id(seed, "structure-cmd", index),
            siret=_siret(rng),
            nom=nom,
            type_structure=type_structure,
            adresse=premier.adresse,
            code_postal=premier.code_postal,
            code_insee=premier.code_insee,
            numero_france_services=f"FS{rng.randint(10000, 99999)}"
            if type_structure == "Réseau France Services"
            else None,
            lieux=list(portes),
        )
        recensee = max(recenses[i] for i in portes) + timedelta(days=1 + index * 7 % 15)
        Acteurs(au(hub, recensee)).recenser_structure(
            commande, DEMO_AUTHOR, structure_id=structure_id
        )
        structures.append(_Structure(structure_id, portes, recensee))
    return structures


def _aidant(
    hub: Hub,
    rng: random.Random,
    structures: list[_Structure],
    seed: int,
    index: int,
    aujourdhui: date,
) -> UUID:
    """An aidant recorded when they started with their structure (or when the structure was
    recorded, if later), then their steps on the days they happened: a second structure,
    qualifications, leaving (and, for half of those who left, leaving the registry too)."""
    aidant_id = _id(seed, "aidant", index)
    prenom, nom = rng.choice(PRENOMS), rng.choice(NOMS)
    type_aidant = rng.choices([t for t, _ in _TYPES_AIDANT], weights=[w for _, w in _TYPES_AIDANT])[
        0
    ]
    structure_id, portes, recensee = rng.choice(structures)
    courriel = f"{prenom}.{nom}".lower().replace(" ", "-")
    for accent, sans in (("é", "e"), ("è", "e"), ("ï", "i"), ("ë", "e"), ("ç", "c"), ("î", "i")):
        courriel = courriel.replace(accent, sans)
    enregistrement = EnregistrerAidant(
        command_id=_id(seed, "aidant-cmd", index),
        prenom=prenom,
        nom=nom,
        type_aidant=type_aidant,
        email=f"{courriel}@exemple.fr" if rng.random() < 0.7 else None,
        lieux=list(portes[: rng.randint(1, len(portes))]),
    )
    debut = aujourdhui - timedelta(days=rng.randint(30, 1500))
    arrivee = plus_tard(instant(debut, 9), recensee + timedelta(days=1))
    version = (
        Acteurs(au(hub, arrivee))
        .enregistrer_aidant(enregistrement, DEMO_AUTHOR, aidant_id=aidant_id)
        .version
    )
    etape = 0

    def commande_id() -> UUID:
        nonlocal etape
        etape += 1
        return _id(seed, "aidant-cmd", index, etape)

    chronologie = Chronologie(hub, arrivee)

    def ajouter(moment: datetime, action: Callable[[Acteurs], Resultat]) -> None:
        def faire(hub_du_jour: Hub) -> None:
            nonlocal version
            # A draw the rules refuse (e.g. a qualification after leaving) is skipped.
            with contextlib.suppress(DomainError):
                version = action(Acteurs(hub_du_jour)).version

        chronologie.ajouter(plus_tard(moment, arrivee), faire)

    affiliation = AffilierAidant(command_id=commande_id(), structure_id=structure_id, debut=debut)
    ajouter(arrivee, lambda a: a.affilier_aidant(aidant_id, affiliation, DEMO_AUTHOR))
    hasard = rng.random()
    if hasard < 0.15:  # left: no structure today
        fin = debut + timedelta(days=rng.randint(0, (aujourdhui - debut).days - 1))
        depart = plus_tard(instant(fin, 18), arrivee)
        terminer = TerminerAffiliation(command_id=commande_id(), structure_id=structure_id, fin=fin)
        ajouter(depart, lambda a: a.terminer_affiliation(aidant_id, terminer, DEMO_AUTHOR))
        if index % 2 == 0:  # and left the registry's active list a few days later
            desactivation = commande_id()
            ajouter(
                depart + timedelta(days=3),
                lambda a: a.desactiver_aidant(
                    aidant_id,
                    DesactiverAidant(
                        command_id=desactivation, version=version, motif="A quitté la structure."
                    ),
                    DEMO_AUTHOR,
                ),
            )
    elif hasard < 0.35:  # works for a second structure too
        autre, _, autre_recensee = rng.choice(structures)
        if autre != structure_id:
            debut_autre = aujourdhui - timedelta(days=rng.randint(10, 700))
            seconde = AffilierAidant(
                command_id=commande_id(), structure_id=autre, debut=debut_autre
            )
            ajouter(
                plus_tard(instant(debut_autre, 9), autre_recensee),
                lambda a: a.affilier_aidant(aidant_id, seconde, DEMO_AUTHOR),
            )
    for commande in _qualifications(rng, type_aidant, aujourdhui, commande_id):
        ajouter(
            instant(commande.obtenue_le, 17),
            lambda a, c=commande: a.enregistrer_qualification(  # type: ignore[misc]
                aidant_id, c, DEMO_AUTHOR
            ),
        )
    chronologie.derouler()
    return aidant_id


def _qualifications(
    rng: random.Random, type_aidant: str, aujourdhui: date, commande_id: Callable[[], UUID]
) -> list[EnregistrerQualification]:
    qualifications: list[EnregistrerQualification] = []

    def ajouter(type_: str, jours: int, **extra: object) -> None:
        obtenue = aujourdhui - timedelta(days=jours)
        qualifications.append(
            EnregistrerQualification(
                command_id=commande_id(),
                type=type_,
                obtenue_le=obtenue,
                **extra,  # type: ignore[arg-type]
            )
        )

    professionnel = type_aidant != "benevole" and type_aidant != "service_civique"
    if professionnel and rng.random() < 0.45:  # Aidants Connect: training, then PIX test
        jours = rng.randint(60, 900)
        ajouter("formation_aidants_connect", jours)
        if rng.random() < 0.8:
            test = aujourdhui - timedelta(days=jours - 20)
            ajouter(
                "test_pix_aidants_connect",
                jours - 20,
                score=rng.randint(300, 900),
                expire_le=test + timedelta(days=rng.choice((365, 730, 1095))),
            )
    if rng.random() < 0.3:  # PIX certification, some expired
        jours = rng.randint(100, 1400)
        obtenue = aujourdhui - timedelta(days=jours)
        ajouter("certification_pix", jours, expire_le=obtenue + timedelta(days=3 * 365))
    if type_aidant == "conseiller_numerique" and rng.random() < 0.5:
        ajouter("ccp_titre_professionnel", rng.randint(100, 1000), libelle="CCP1 REMN")
    if rng.random() < 0.15:
        ajouter("label", rng.randint(30, 800), libelle=rng.choice(LIBELLES_LABEL))
    return qualifications
