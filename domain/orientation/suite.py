"""The next step of a proposal: never a dead end.

Given the candidate places around the person (nearest first, any distance), each proposal
gets at least one concrete way to get help, tried in this order:

1. the places that fit it (classement.convient) within the asked radius;
2. if the person's constraints (R7) leave none, the nearest places that fit without them,
   and what to ask them for (an interpreter, written exchanges…);
3. if still none, the same two searches with a radius widened step by step (said so);
4. if no place of the registry fits at all, the nearest places, which can direct the person;
5. only when there is no place at all: the national public-service line.

Places that help by phone or video (« À distance » with a phone number, or France Services)
are listed too, « sans vous déplacer », whenever the search had to give something up, none of
the places found has a phone, or the person has trouble getting around. Every sentence is
addressed to the person (« vous »).
"""

from __future__ import annotations

import math

import msgspec

from domain.orientation.classement import (
    A_DISTANCE,
    BIENTOT,
    LieuCandidat,
    LieuPropose,
    Moment,
    classer,
    convient,
    dispositifs,
    distance_fr,
    propose,
)
from domain.orientation.moteur import Proposition
from domain.orientation.regles import A_DEMANDER, LIBELLES_CONTRAINTES, PRISES_EN_CHARGE

FRANCE_SERVICES = "France Services"
ELARGISSEMENTS = (2.0, 4.0)  # the radius is multiplied by these, then dropped
A_DISTANCE_MAX = 2
_CODE_DES_PRISES = {valeurs: code for code, valeurs in PRISES_EN_CHARGE.items()}


class Recours(msgspec.Struct, frozen=True, kw_only=True):
    """A national line, only when the registry has no place at all near the person."""

    nom: str
    telephone: str
    detail: str


ALLO_SERVICE_PUBLIC = Recours(
    nom="Allô Service Public",
    telephone="3939",
    detail="du lundi au vendredi, de 8 h 30 à 17 h 30 (service gratuit, prix d'un appel) : "
    "on vous indique le point d'accueil le plus proche",
)


class Suite(msgspec.Struct, frozen=True, kw_only=True):
    lieux: tuple[LieuPropose, ...]
    a_distance: tuple[LieuPropose, ...] = ()
    messages: tuple[str, ...] = ()  # what changed in the search, said to the person
    a_demander: tuple[str, ...] = ()  # R7 given up: what to ask the places for
    elargi_km: float | None = None  # when widened: the radius that found places
    recours: tuple[Recours, ...] = ()

    @property
    def a_une_etape(self) -> bool:
        return bool(self.lieux or self.a_distance or self.recours)


def _sans_contraintes(proposition: Proposition) -> Proposition:
    return msgspec.structs.replace(proposition, contraintes=())


def _dans(candidats: list[LieuCandidat], rayon: float) -> list[LieuCandidat]:
    return [c for c in candidats if c.distance_km <= rayon]


def _km(rayon: float) -> str:
    return f"{rayon:.0f} km"


def _message_contraintes(codes: tuple[str, ...]) -> str:
    return (
        "Aucun lieu proche n'indique un accueil adapté à "
        + " et à ".join(LIBELLES_CONTRAINTES[c] for c in codes)
        + ". Ces lieux peuvent quand même vous aider : quand vous les appelez, demandez "
        + " ; et ".join(A_DEMANDER[c] for c in codes)
        + "."
    )


def _plus_proches(
    candidats: list[LieuCandidat], limite: int, moment: Moment | None, urgent: bool = False
) -> tuple[LieuPropose, ...]:
    # Nearest first (opening soon first when urgent); among equals, those one can call.
    telephones = {c.id for c in candidats if c.telephone}
    proposes = [propose(c, 0.0, [distance_fr(c.distance_km)], moment) for c in candidats]
    proposes.sort(
        key=lambda p: (urgent and not p.bientot, p.distance_km, p.id not in telephones, str(p.id))
    )
    return tuple(proposes[:limite])


def _a_distance(
    candidats: list[LieuCandidat],
    proposition: Proposition,
    deja: set[str],
    moment: Moment | None,
) -> tuple[LieuPropose, ...]:
    """Places that help without a trip: remote support, or France Services, with a phone;
    for the proposal's offer when it has one (R7 aside: the person says what they need)."""
    ouverte = _sans_contraintes(proposition)
    retenus = []
    for lieu in sorted(candidats, key=lambda c: (c.distance_km, str(c.id))):
        if not lieu.telephone or str(lieu.id) in deja:
            continue
        distant = A_DISTANCE in lieu.modalites_accompagnement
        france_services = FRANCE_SERVICES in dispositifs(lieu)
        if not (distant or france_services):
            continue
        if ouverte.services and not convient(lieu, ouverte) and not france_services:
            continue
        raison = "aide par téléphone ou en visio" if distant else "France Services : par téléphone"
        retenus.append(propose(lieu, 0.0, [raison, distance_fr(lieu.distance_km)], moment))
        if len(retenus) == A_DISTANCE_MAX:
            break
    return tuple(retenus)


def prochaine_etape(
    proposition: Proposition,
    candidats: list[LieuCandidat],
    *,
    rayon_km: float,
    disponibilites: tuple[str, ...] = (),
    mobilite_reduite: bool = False,
    urgent: bool = False,
    moment: Moment | None = None,
    limite: int = 5,
) -> Suite:
    """The places (or, at worst, the line) that make the next step of `proposition`.
    `candidats` are the places around the person, at any distance."""
    if not candidats:
        return Suite(
            lieux=(),
            messages=(
                "Aucun lieu n'est encore recensé près de chez vous : appelez Allô Service "
                "Public, qui vous indiquera le point d'accueil le plus proche.",
            ),
            recours=(ALLO_SERVICE_PUBLIC,),
        )
    if not proposition.avec_lieux:
        return _sans_offre(proposition, candidats, rayon_km, moment)

    def chercher(p: Proposition, rayon: float) -> list[LieuPropose]:
        return classer(
            _dans(candidats, rayon),
            p,
            disponibilites=disponibilites,
            mobilite_reduite=mobilite_reduite,
            limite=limite,
            moment=moment,
            urgent=urgent,
        )

    codes = tuple(_CODE_DES_PRISES[c] for c in proposition.contraintes if c in _CODE_DES_PRISES)
    ouverte = _sans_contraintes(proposition)
    messages: list[str] = []
    a_demander: tuple[str, ...] = ()
    elargi: float | None = None
    lieux: list[LieuPropose] = []
    for rayon in (rayon_km, *(rayon_km * f for f in ELARGISSEMENTS), math.inf):
        lieux = chercher(proposition, rayon)
        if not lieux and codes:
            lieux = chercher(ouverte, rayon)
            if lieux:
                messages.append(_message_contraintes(codes))
                a_demander = tuple(A_DEMANDER[c] for c in codes)
        if lieux:
            elargi = None if rayon == rayon_km else rayon
            break
    if lieux and elargi is not None:
        trouve_a = math.ceil(max(lieu.distance_km for lieu in lieux))
        messages.insert(
            0,
            f"Aucun lieu à moins de {_km(rayon_km)} de chez vous ne propose cette aide : "
            + "nous avons "
            + (
                f"élargi la recherche à {_km(elargi)}."
                if math.isfinite(elargi)
                else f"cherché plus loin : le plus éloigné est à {trouve_a} km."
            ),
        )
        if not math.isfinite(elargi):
            elargi = trouve_a
    if not lieux:
        lieux = list(_plus_proches(candidats, 3, moment, urgent))
        messages.append(
            "Aucun lieu recensé ne propose exactement cette aide. Ces lieux, les plus proches "
            "de chez vous, peuvent vous orienter : appelez-les ou passez les voir."
        )
    if urgent and proposition.moment == "maintenant":
        if any(lieu.bientot for lieu in lieux):
            messages.append(
                f"Votre démarche est urgente : les lieux qui ouvrent dans les {BIENTOT // 1440} "
                "prochains jours sont en premier."
            )
        else:
            messages.append(
                "Votre démarche est urgente : appelez ces lieux pour demander un rendez-vous "
                "rapide, leurs horaires ne disent pas s'ils ouvrent dans les prochains jours."
            )
    telephones = {c.id for c in candidats if c.telephone}
    injoignables = not any(lieu.id in telephones for lieu in lieux)
    manque = bool(messages) or mobilite_reduite or injoignables
    distants = (
        _a_distance(candidats, proposition, {str(lieu.id) for lieu in lieux}, moment)
        if manque
        else ()
    )
    return Suite(
        lieux=tuple(lieux),
        a_distance=distants,
        messages=tuple(messages),
        a_demander=a_demander,
        elargi_km=elargi,
    )


def _sans_offre(
    proposition: Proposition, candidats: list[LieuCandidat], rayon_km: float, moment: Moment | None
) -> Suite:
    """R6 (no support needed) and R8 (declined): the nearest places, to help others (R6)
    or to come back to whenever the person wishes (R8)."""
    proches = _dans(candidats, rayon_km) or candidats
    if proposition.offre_type == "pas_de_mediation":
        message = (
            "Vous pouvez proposer votre aide comme aidant bénévole dans ces lieux proches : "
            "appelez-les ou passez les voir."
        )
    else:
        message = "Si vous changez d'avis, ces lieux proches peuvent vous accueillir."
    return Suite(lieux=_plus_proches(proches, 3, moment), messages=(message,))
