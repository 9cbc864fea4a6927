"""Rules of a referral: decide(state, command, context) -> events, or a refusal in French.

proposée → acceptée (a link for the place, valid 8 days) → prise en charge (the place
confirms) → aboutie (the first activity there); refusée from proposée or acceptée; expirée
30 days after the proposal unless it came through.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from uuid import UUID

from domain.base import Contexte, Evenement, a_jour, a_la_version, premier, suivant
from domain.errors import DomainError
from domain.orientation.commands import (
    AccepterOrientation,
    ConstaterAboutissement,
    ProposerOrientation,
    RefuserOrientation,
    RenouvelerLien,
)
from domain.orientation.events import (
    LienPriseEnChargeEmis,
    OrientationAboutie,
    OrientationAcceptee,
    OrientationExpiree,
    OrientationProposee,
    OrientationRefusee,
    PriseEnCharge,
)
from domain.orientation.moteur import Situation, proposer
from domain.orientation.regles import REGLES_VERSION
from domain.orientation.state import (
    ACCEPTEE,
    EN_COURS,
    PRISE_EN_CHARGE,
    PROPOSEE,
    STATUTS,
    Orientation,
)

VALIDITE_LIEN = timedelta(days=8)
DELAI_EXPIRATION = timedelta(days=30)
DELAI_RELANCE = timedelta(days=7)


def proposer_orientation(
    orientation_id: UUID,
    commande: ProposerOrientation,
    mediateur: str | None,
    ctx: Contexte,
) -> list[Evenement]:
    situation = Situation(
        niveau=commande.niveau,
        drapeaux=tuple(commande.drapeaux),
        thematiques=tuple(commande.thematiques),
    )
    propositions = {p.regle: p for p in proposer(situation)}
    proposition = propositions.get(commande.regle)
    if proposition is None:
        raise DomainError(
            f"La règle « {commande.regle} » ne s'applique pas à cette situation : choisissez "
            "parmi " + ", ".join(propositions) + ".",
            "regle",
        )
    lieux = tuple(dict.fromkeys(commande.lieux_proposes))
    if proposition.avec_lieux and commande.lieu_choisi is None and not lieux:
        raise DomainError("Choisissez au moins un lieu à proposer à la personne.", "lieux_proposes")
    if commande.lieu_choisi is not None and commande.lieu_choisi not in lieux:
        lieux += (commande.lieu_choisi,)
    return [
        premier(
            OrientationProposee,
            orientation_id,
            ctx,
            beneficiaire_id=commande.beneficiaire_id,
            mediateur=mediateur,
            regles_version=REGLES_VERSION,
            regle=proposition.regle,
            offre_type=proposition.offre_type,
            regles=tuple(e.regle for e in proposition.explications),
            pourquoi=tuple(e.texte for e in proposition.explications),
            niveau=commande.niveau,
            lieux_proposes=lieux,
            lieu_choisi=commande.lieu_choisi,
        )
    ]


def _a_jour(orientation: Orientation | None, version: int | None) -> Orientation:
    """The orientation named, at `version` (None: any version, for what the hub records by
    itself, an outcome or an expiry, whatever happened since)."""
    return a_jour(orientation, version, "Cette orientation n'existe pas.", "orientation_id")


def _statut(orientation: Orientation, permis: tuple[str, ...], action: str) -> None:
    if orientation.statut not in permis:
        raise DomainError(
            f"Cette orientation est « {STATUTS[orientation.statut].lower()} » : on ne peut "
            f"plus {action}.",
            "statut",
        )


def _lien(orientation: Orientation, version: int, empreinte: str, ctx: Contexte) -> Evenement:
    return a_la_version(
        LienPriseEnChargeEmis,
        orientation.id,
        version,
        ctx,
        empreinte=empreinte,
        expire_le=ctx.maintenant + VALIDITE_LIEN,
    )


def accepter_orientation(
    orientation: Orientation | None, commande: AccepterOrientation, empreinte: str, ctx: Contexte
) -> list[Evenement]:
    """Acceptance also issues the place's link; `empreinte` is its token's keyed hash."""
    orientation = _a_jour(orientation, commande.version)
    _statut(orientation, (PROPOSEE,), "l'accepter")
    lieu = commande.lieu_choisi or orientation.lieu_choisi
    if lieu is None and len(orientation.lieux_proposes) == 1:
        lieu = orientation.lieux_proposes[0]  # the only place proposed
    if lieu is None:
        raise DomainError("Indiquez le lieu choisi par la personne.", "lieu_choisi")
    if lieu not in orientation.lieux_proposes:
        raise DomainError(
            "Ce lieu ne fait pas partie des lieux proposés : choisissez l'un d'eux, ou "
            "proposez une nouvelle orientation.",
            "lieu_choisi",
        )
    acceptee = suivant(OrientationAcceptee, orientation, ctx, lieu_choisi=lieu)
    return [acceptee, _lien(orientation, orientation.version + 2, empreinte, ctx)]


def renouveler_lien(
    orientation: Orientation | None, commande: RenouvelerLien, empreinte: str, ctx: Contexte
) -> list[Evenement]:
    orientation = _a_jour(orientation, commande.version)
    _statut(orientation, (ACCEPTEE,), "envoyer de lien au lieu")
    return [_lien(orientation, orientation.version + 1, empreinte, ctx)]


def refuser_orientation(
    orientation: Orientation | None, commande: RefuserOrientation, ctx: Contexte
) -> list[Evenement]:
    """R8: the person declines; the reason is kept."""
    orientation = _a_jour(orientation, commande.version)
    _statut(orientation, (PROPOSEE, ACCEPTEE), "la refuser")
    motif = commande.motif.strip()
    if not motif:
        raise DomainError(
            "Indiquez le motif du refus (par exemple « horaires incompatibles »).", "motif"
        )
    return [suivant(OrientationRefusee, orientation, ctx, motif=motif)]


LIEN_INVALIDE = (
    "Ce lien de confirmation n'est pas (ou plus) valable. Demandez à la personne qui a fait "
    "l'orientation de vous en envoyer un nouveau."
)


def confirmer_prise_en_charge(
    orientation: Orientation | None, empreinte: str, ctx: Contexte
) -> list[Evenement]:
    """The receiving place confirms through its link: `empreinte` is the keyed hash of the
    token it presented."""
    if orientation is None or orientation.lien_empreinte is None:
        raise DomainError(LIEN_INVALIDE, "jeton")
    if not hmac.compare_digest(orientation.lien_empreinte, empreinte):
        raise DomainError(LIEN_INVALIDE, "jeton")
    _statut(orientation, (ACCEPTEE,), "confirmer la prise en charge")
    expire_le = orientation.lien_expire_le
    if expire_le is not None and ctx.maintenant >= expire_le:
        raise DomainError(
            f"Ce lien a expiré le {expire_le:%d/%m/%Y} : il est valable 8 jours. Demandez à la "
            "personne qui a fait l'orientation de vous en envoyer un nouveau.",
            "jeton",
        )
    return [suivant(PriseEnCharge, orientation, ctx)]


def constater_aboutissement(
    orientation: Orientation | None, commande: ConstaterAboutissement, ctx: Contexte
) -> list[Evenement]:
    """The first activity at the chosen place closes the loop (a later one changes nothing)."""
    orientation = _a_jour(orientation, None)
    if orientation.statut not in (ACCEPTEE, PRISE_EN_CHARGE):
        return []
    return [
        suivant(
            OrientationAboutie,
            orientation,
            ctx,
            activite_id=commande.activite_id,
            date=commande.date,
        )
    ]


def expirer_orientation(orientation: Orientation | None, ctx: Contexte) -> list[Evenement]:
    """30 days after the proposal without coming through; too early, or already closed,
    records nothing (the job may run twice)."""
    orientation = _a_jour(orientation, None)
    if orientation.statut not in EN_COURS:
        return []
    if ctx.maintenant < orientation.propose_le + DELAI_EXPIRATION:
        return []
    return [suivant(OrientationExpiree, orientation, ctx)]
