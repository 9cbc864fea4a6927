"""Rules of enrolment, attendance and completion, on the session aggregate.

Completion rule: an aidant completes a training when the session's last day has come and
they were recorded present at every slot (day or half-day) of the session. Absent from one
slot, they enrol in another session to complete it.
"""

from __future__ import annotations

from uuid import UUID

import msgspec

from domain.base import Contexte, a_la_version, suivant
from domain.errors import DomainError
from domain.formations.commands import (
    AnnulerInscription,
    EnregistrerPresences,
    InscrireAidant,
    TerminerFormation,
)
from domain.formations.decide_sessions import session_ouverte
from domain.formations.events import (
    FormationTerminee,
    InscriptionAnnulee,
    InscriptionEnregistree,
    InscriptionPromue,
    PresenceEnregistree,
)
from domain.formations.outils import date_fr
from domain.formations.referentiel import TYPES_AIDANT, libelles_types
from domain.formations.state import Inscription, Parcours, SessionFormation


class AidantConnu(msgspec.Struct, frozen=True, kw_only=True):
    """What the rules need to know of an aidant of the registry."""

    id: UUID
    type_aidant: str
    desactive: bool = False


def inscrire_aidant(
    session: SessionFormation | None,
    parcours: Parcours | None,
    aidant: AidantConnu | None,
    commande: InscrireAidant,
    ctx: Contexte,
) -> list[InscriptionEnregistree]:
    session = session_ouverte(session)
    if ctx.aujourdhui > session.fin:
        raise DomainError(
            f"Cette session s'est terminée le {date_fr(session.fin)} : inscrivez l'aidant à une "
            "session à venir.",
            "session_id",
        )
    if aidant is None or aidant.id != commande.aidant_id:
        raise DomainError(
            "Aucun aidant du registre n'a cet identifiant : vérifiez-le, ou recensez d'abord "
            "l'aidant.",
            "aidant_id",
        )
    if aidant.desactive:
        raise DomainError(
            "Cet aidant a été désactivé : il ne peut plus être inscrit à une formation.",
            "aidant_id",
        )
    if parcours is not None and aidant.type_aidant not in parcours.types_aidant:
        raise DomainError(
            f"Le parcours « {parcours.titre} » s'adresse aux profils suivants : "
            f"{libelles_types(parcours.types_aidant)}. Cet aidant a le profil "
            f"« {TYPES_AIDANT.get(aidant.type_aidant, aidant.type_aidant)} » : proposez-lui un "
            "autre parcours.",
            "aidant_id",
        )
    deja = session.inscription_active(aidant.id)
    if deja is not None:
        raise DomainError(
            "Cet aidant est déjà inscrit à cette session"
            + (" (en liste d'attente)." if deja.statut == "en_attente" else "."),
            "aidant_id",
        )
    return [
        suivant(
            InscriptionEnregistree,
            session,
            ctx,
            aidant_id=aidant.id,
            en_attente=session.places_restantes() == 0,
        )
    ]


def annuler_inscription(
    session: SessionFormation | None, commande: AnnulerInscription, ctx: Contexte
) -> list[InscriptionAnnulee | InscriptionPromue]:
    session = session_ouverte(session)
    inscription = _inscription(session, commande.aidant_id)
    if inscription.terminee_le is not None:
        raise DomainError(
            "Cet aidant a terminé la formation : son inscription ne peut plus être annulée.",
            "aidant_id",
        )
    events: list[InscriptionAnnulee | InscriptionPromue] = [
        suivant(
            InscriptionAnnulee,
            session,
            ctx,
            aidant_id=inscription.aidant_id,
            motif=commande.motif.strip(),
        )
    ]
    attente = session.avec_statut("en_attente")
    if inscription.statut == "inscrit" and attente and ctx.aujourdhui <= session.fin:
        events.append(
            a_la_version(
                InscriptionPromue,
                session.id,
                session.version + 2,
                ctx,
                aidant_id=attente[0].aidant_id,
            )
        )
    return events


def enregistrer_presences(
    session: SessionFormation | None, commande: EnregistrerPresences, ctx: Contexte
) -> list[PresenceEnregistree]:
    """Only what changes is recorded: sending the same sheet twice records nothing."""
    session = session_ouverte(session)
    creneaux = {c.cle: c for c in session.creneaux}
    aujourdhui = ctx.aujourdhui
    voulues: dict[tuple[UUID, str], bool] = {}
    for presence in commande.presences:
        inscription = _inscription(session, presence.aidant_id)
        if inscription.statut != "inscrit":
            raise DomainError(
                "Un aidant de la feuille est en liste d'attente : seuls les inscrits ont une "
                "présence à noter.",
                "presences",
            )
        creneau = creneaux.get(presence.creneau)
        if creneau is None:
            raise DomainError(
                f"Le créneau « {presence.creneau} » n'est pas un créneau de cette session "
                f"(créneaux : {', '.join(creneaux)}).",
                "presences",
            )
        if creneau.jour > aujourdhui:
            raise DomainError(
                f"Le créneau du {creneau.libelle} n'a pas encore eu lieu : la présence se note "
                "le jour même ou après.",
                "presences",
            )
        voulues[(presence.aidant_id, presence.creneau)] = presence.present
    events = []
    version = session.version
    for (aidant_id, cle), present in voulues.items():
        inscription = session.inscriptions[aidant_id]
        if inscription.presences.get(cle) == present:
            continue
        if inscription.terminee_le is not None:
            raise DomainError(
                "Un aidant de la feuille a déjà terminé la formation : ses présences ne "
                "peuvent plus changer.",
                "presences",
            )
        version += 1
        events.append(
            a_la_version(
                PresenceEnregistree,
                session.id,
                version,
                ctx,
                aidant_id=aidant_id,
                creneau=cle,
                present=present,
            )
        )
    return events


def terminer_formation(
    session: SessionFormation | None,
    parcours: Parcours | None,
    commande: TerminerFormation,
    ctx: Contexte,
) -> list[FormationTerminee]:
    session = session_ouverte(session)
    inscription = _inscription(session, commande.aidant_id)
    if inscription.terminee_le is not None:
        return []
    if inscription.statut != "inscrit":
        raise DomainError(
            "Cet aidant est en liste d'attente : il n'a pas suivi cette session.", "aidant_id"
        )
    if ctx.aujourdhui < session.fin:
        raise DomainError(
            f"La session se termine le {date_fr(session.fin)} : la formation ne peut être "
            "déclarée terminée qu'à partir de ce jour.",
            "aidant_id",
        )
    manquants = [c for c in session.creneaux if inscription.presences.get(c.cle) is not True]
    if manquants:
        raise DomainError(
            "Présence incomplète : l'aidant n'est pas noté présent le "
            + ", ".join(c.libelle for c in manquants)
            + ". Pour terminer la formation, il faut être présent à chaque créneau de la "
            "session.",
            "aidant_id",
        )
    return [
        suivant(
            FormationTerminee,
            session,
            ctx,
            aidant_id=inscription.aidant_id,
            qualification_delivree=parcours.qualification_delivree if parcours else None,
            libelle=parcours.titre if parcours else "",
        )
    ]


def _inscription(session: SessionFormation, aidant_id: UUID) -> Inscription:
    inscription = session.inscription_active(aidant_id)
    if inscription is None:
        raise DomainError("Cet aidant n'est pas inscrit à cette session.", "aidant_id")
    return inscription
