"""Which places fit a proposal, best first, each with the reasons shown to the person.

A place must provide one of the proposal's services, one of its dispositifs when the rule
names some (R1), and every constraint's support (R7). Among those, the score weighs:
distance (40 points, halved at 5 km), opening hours against the person's availability
(30), the preferred support mode (20) and, for reduced mobility, itinerant or remote
help (10). Ties go to the nearest, then to the id, so the order never flickers.
"""

from __future__ import annotations

from uuid import UUID

import msgspec

from domain.lieux.horaires import Horaires, HorairesInvalides, Plage, parse_horaires
from domain.orientation.moteur import Proposition

ITINERANT = "Itinérant"
A_DISTANCE = "À distance"

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


class LieuPropose(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    nom: str
    distance_km: float
    score: float
    raisons: tuple[str, ...]


def convient(lieu: LieuCandidat, proposition: Proposition) -> bool:
    """Whether the place provides what the proposal requires."""
    if not proposition.services or not set(lieu.services) & set(proposition.services):
        return False
    if proposition.dispositifs and not (
        set(lieu.dispositif_programmes_nationaux) & set(proposition.dispositifs)
    ):
        return False
    return all(set(lieu.prise_en_charge_specifique) & set(c) for c in proposition.contraintes)


def _ouvert_pendant(horaires: Horaires, creneau: str) -> bool:
    jours, debut, fin = CRENEAUX[creneau]
    return any(_chevauche(p, debut, fin) for jour in jours for p in horaires.semaine[jour])


def _chevauche(plage: Plage, debut: int, fin: int) -> bool:
    return plage.debut < fin and debut < plage.fin


def _horaires(lieu: LieuCandidat, disponibilites: tuple[str, ...]) -> tuple[float, str | None]:
    """The share of the person's slots in which the place opens (0–1), and a reason."""
    if not disponibilites:
        return 0.5, None
    if not lieu.horaires:
        return 0.5, "horaires non renseignés : appelez avant de vous déplacer"
    try:
        horaires = parse_horaires(lieu.horaires)
    except HorairesInvalides:
        return 0.5, "horaires non renseignés : appelez avant de vous déplacer"
    ouverts = [c for c in disponibilites if _ouvert_pendant(horaires, c)]
    if not ouverts:
        return 0.0, "fermé aux moments où vous êtes disponible"
    return len(ouverts) / len(disponibilites), "ouvert " + " et ".join(
        LIBELLES_CRENEAUX[c] for c in ouverts
    )


def _distance_fr(km: float) -> str:
    if km < 1:
        return f"à {round(km * 1000 / 50) * 50:.0f} m"
    return f"à {km:.1f} km".replace(".", ",")


def classer(
    lieux: list[LieuCandidat],
    proposition: Proposition,
    *,
    disponibilites: tuple[str, ...] = (),
    mobilite_reduite: bool = False,
    limite: int = 5,
) -> list[LieuPropose]:
    """The places that fit `proposition`, best first, at most `limite`."""
    inconnus = [d for d in disponibilites if d not in CRENEAUX]
    if inconnus:
        raise ValueError(f"unknown availability slots: {inconnus}")
    proposes = []
    for lieu in lieux:
        if not convient(lieu, proposition):
            continue
        raisons = [_distance_fr(lieu.distance_km)]
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
            dispositifs = set(lieu.dispositif_programmes_nationaux) & set(proposition.dispositifs)
            raisons.append("habilité : " + ", ".join(sorted(dispositifs)))
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
        proposes.append(
            LieuPropose(
                id=lieu.id,
                nom=lieu.nom,
                distance_km=lieu.distance_km,
                score=round(score, 1),
                raisons=tuple(raisons),
            )
        )
    proposes.sort(key=lambda p: (-p.score, p.distance_km, str(p.id)))
    return proposes[:limite]
