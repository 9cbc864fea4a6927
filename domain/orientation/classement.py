"""Which places fit a proposal, best first, each with the reasons shown to the person.

A place must provide one of the proposal's services, or, when the rule names dispositifs
(R1), one of them: France Services, or Aidants Connect declared by the place or held by an
aidant who works there (the dispositif implies the démarches service). It must also offer
every constraint's support (R7). Among those, the score weighs: distance (40 points, halved
at 5 km), opening hours against the person's availability (30), the preferred support mode
(20), for reduced mobility itinerant or remote help (10), and a phone number (5: the person
can call first). Ties go to the nearest, then to the id, so the order never flickers. For an
urgent démarche, the places that open within `BIENTOT` come first, whatever their score.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

import msgspec

from domain.lieux.horaires import Horaires, HorairesInvalides, Plage, parse_horaires
from domain.lieux.prochaine_ouverture import attente, phrase, prochain_changement
from domain.orientation.moteur import Proposition

ITINERANT = "Itinérant"
A_DISTANCE = "À distance"
AIDANTS_CONNECT = "Aidants Connect"
BIENTOT = 3 * 1440  # minutes: « can be done this week » for an urgent démarche

# Availability slots the questionnaire offers: the weekdays they cover (0 = Monday) and the
# time span, in minutes from midnight.
CRENEAUX: dict[str, tuple[tuple[int, ...], int, int]] = {
    "matin": ((0, 1, 2, 3, 4), 8 * 60, 12 * 60),
    "apres_midi": ((0, 1, 2, 3, 4), 12 * 60, 18 * 60),
    "soir": ((0, 1, 2, 3, 4), 18 * 60, 21 * 60),
    "samedi": ((5,), 0, 24 * 60),
}
LIBELLES_CRENEAUX = {
    "matin": "le matin en semaine",
    "apres_midi": "l'après-midi en semaine",
    "soir": "le soir en semaine",
    "samedi": "le samedi",
}


class LieuCandidat(msgspec.Struct, frozen=True, kw_only=True):
    """What ranking needs of a place (a subset of the read model's nearby places)."""

    id: UUID
    nom: str
    distance_km: float
    services: list[str] = msgspec.field(default_factory=list)
    horaires: str | None = None
    itinerance: list[str] = msgspec.field(default_factory=list)
    modalites_accompagnement: list[str] = msgspec.field(default_factory=list)
    prise_en_charge_specifique: list[str] = msgspec.field(default_factory=list)
    dispositif_programmes_nationaux: list[str] = msgspec.field(default_factory=list)
    telephone: str | None = None
    departement: str | None = None
    # Aidants habilitated to Aidants Connect (valid today) who work at the place.
    aidants_habilites: int = 0


class LieuPropose(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    nom: str
    distance_km: float
    score: float
    raisons: tuple[str, ...]
    # Minutes until it next opens (0: open now), None when unknown or not within a week.
    ouvre_dans: int | None = None

    @property
    def bientot(self) -> bool:
        return self.ouvre_dans is not None and self.ouvre_dans <= BIENTOT


@dataclass(frozen=True, slots=True)
class Moment:
    """When the person asks (the hub's wall-clock time) and the public holidays around it,
    by département (« 57 », « 67 »… have their own; the key "" holds mainland France's)."""

    instant: datetime.datetime
    feries: Mapping[str, frozenset[datetime.date]] = field(default_factory=dict)

    def feries_de(self, departement: str | None) -> frozenset[datetime.date]:
        return self.feries.get(departement or "", self.feries.get("", frozenset()))


def dispositifs(lieu: LieuCandidat) -> set[str]:
    """The place's dispositifs, with Aidants Connect when an habilitated aidant works there."""
    return set(lieu.dispositif_programmes_nationaux) | (
        {AIDANTS_CONNECT} if lieu.aidants_habilites > 0 else set()
    )


def convient(lieu: LieuCandidat, proposition: Proposition) -> bool:
    """Whether the place provides what the proposal requires."""
    if not proposition.services:
        return False
    if proposition.dispositifs:
        if not dispositifs(lieu) & set(proposition.dispositifs):
            return False
    elif not set(lieu.services) & set(proposition.services):
        return False
    return all(set(lieu.prise_en_charge_specifique) & set(c) for c in proposition.contraintes)


def _ouvert_pendant(horaires: Horaires, creneau: str) -> bool:
    jours, debut, fin = CRENEAUX[creneau]
    return any(_chevauche(p, debut, fin) for jour in jours for p in horaires.semaine[jour])


def _chevauche(plage: Plage, debut: int, fin: int) -> bool:
    return plage.debut < fin and debut < plage.fin


def _lire(lieu: LieuCandidat) -> Horaires | None:
    if not lieu.horaires:
        return None
    try:
        return parse_horaires(lieu.horaires)
    except HorairesInvalides:
        return None


def _horaires(lieu: LieuCandidat, disponibilites: tuple[str, ...]) -> tuple[float, str | None]:
    """The share of the person's slots in which the place opens (0–1), and a reason."""
    if not disponibilites:
        return 0.5, None
    horaires = _lire(lieu)
    if horaires is None:
        return 0.5, "horaires non renseignés : appelez avant de vous déplacer"
    ouverts = [c for c in disponibilites if _ouvert_pendant(horaires, c)]
    if not ouverts:
        return 0.0, "fermé aux moments où vous êtes disponible"
    return len(ouverts) / len(disponibilites), "ouvert " + " et ".join(
        LIBELLES_CRENEAUX[c] for c in ouverts
    )


def distance_fr(km: float) -> str:
    if km < 1:
        return f"à {round(km * 1000 / 50) * 50:.0f} m"
    return f"à {km:.1f} km".replace(".", ",")


def _dispositifs_fr(lieu: LieuCandidat, proposition: Proposition) -> list[str]:
    declares = set(lieu.dispositif_programmes_nationaux) & set(proposition.dispositifs)
    raisons = ["label " + ", ".join(sorted(declares))] if declares else []
    if AIDANTS_CONNECT in proposition.dispositifs and AIDANTS_CONNECT not in declares:
        n = lieu.aidants_habilites
        if n:
            pluriel = "s" if n > 1 else ""
            raisons.append(f"{n} aidant{pluriel} habilité{pluriel} Aidants Connect sur place")
    return raisons


def classer(
    lieux: list[LieuCandidat],
    proposition: Proposition,
    *,
    disponibilites: tuple[str, ...] = (),
    mobilite_reduite: bool = False,
    limite: int = 5,
    moment: Moment | None = None,
    urgent: bool = False,
) -> list[LieuPropose]:
    """The places that fit `proposition`, best first, at most `limite`. With `moment`, each
    says when it next opens; `urgent` puts those opening soon (`BIENTOT`) first."""
    inconnus = [d for d in disponibilites if d not in CRENEAUX]
    if inconnus:
        raise ValueError(f"unknown availability slots: {inconnus}")
    proposes = []
    for lieu in lieux:
        if not convient(lieu, proposition):
            continue
        raisons = [distance_fr(lieu.distance_km)]
        score = 40 / (1 + lieu.distance_km / 5)
        part, raison = _horaires(lieu, disponibilites)
        score += 30 * part
        if raison:
            raisons.append(raison)
        modalites = set(lieu.modalites_accompagnement) & set(proposition.modalites)
        if modalites:
            score += 20
            raisons.append("propose : " + ", ".join(sorted(modalites)).lower())
        elif proposition.modalites and not lieu.modalites_accompagnement:
            score += 10
        if proposition.dispositifs:
            raisons.extend(_dispositifs_fr(lieu, proposition))
        for contrainte in proposition.contraintes:
            adaptes = sorted(set(lieu.prise_en_charge_specifique) & set(contrainte))
            raisons.append("accueil adapté : " + ", ".join(adaptes).lower())
        if mobilite_reduite:
            if ITINERANT in lieu.itinerance:
                score += 10
                raisons.append("lieu itinérant : il peut venir près de chez vous")
            elif A_DISTANCE in lieu.modalites_accompagnement:
                score += 10
                raisons.append("aide possible à distance (téléphone, visio)")
        if lieu.telephone:
            score += 5
        proposes.append(propose(lieu, round(score, 1), raisons, moment))
    proposes.sort(key=lambda p: (urgent and not p.bientot, -p.score, p.distance_km, str(p.id)))
    return proposes[:limite]


def propose(
    lieu: LieuCandidat, score: float, raisons: list[str], moment: Moment | None
) -> LieuPropose:
    """The place as proposed, with when it next opens, public holidays applied (said first
    after the distance, as on the place's page)."""
    horaires = _lire(lieu) if moment is not None else None
    minutes = None
    if horaires is not None and moment is not None:
        changement = prochain_changement(
            horaires, moment.instant, moment.feries_de(lieu.departement)
        )
        minutes = attente(changement, moment.instant)
        dit = phrase(changement, moment.instant.date())
        raisons = [*raisons[:1], dit[0].lower() + dit[1:], *raisons[1:]]
    return LieuPropose(
        id=lieu.id,
        nom=lieu.nom,
        distance_km=lieu.distance_km,
        score=score,
        raisons=tuple(raisons),
        ouvre_dans=minutes,
    )
